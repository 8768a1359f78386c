// Go's iface.HTTPExecutionPhase (ctx.GetExecutionPhase), same numbers. The recording lives in
// ./http-context.ts (PhaseTracking) and ./stream-hooks.ts: it is compiled in only with
// getExecutionPhase.
export enum HTTPExecutionPhase {
  DecodeHeader = 0,
  DecodeData = 1,
  EncodeHeader = 2,
  EncodeData = 3,
  Done = 4,
}
