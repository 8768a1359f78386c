// The Go SDK's `types` constants under their seed names, so `return types.HeaderContinue`
// translates word for word: the one spelling of header and data actions in the SDK, the
// plugins and the docs (the enums of ./enums.ts are their types). Values are Envoy's (see
// ./enums.ts for how Envoy treats each).
import { DataAction, HeaderAction } from "./enums";

export const HeaderContinue = HeaderAction.Continue;
/** Envoy (ABI 0.2.1) treats 1 as StopAllIterationAndWatermark; see docs/sdk.md. */
export const HeaderStopIteration = HeaderAction.StopIteration;
/** Envoy treats 2 as Continue. */
export const HeaderContinueAndEndStream = HeaderAction.ContinueAndEndStream;
export const HeaderStopAllIterationAndBuffer = HeaderAction.StopAllIterationAndBuffer;
export const HeaderStopAllIterationAndWatermark = HeaderAction.StopAllIterationAndWatermark;

export const DataContinue = DataAction.Continue;
export const DataStopIterationAndBuffer = DataAction.StopIterationAndBuffer;
export const DataStopIterationAndWatermark = DataAction.StopIterationAndWatermark;
export const DataStopIterationNoBuffer = DataAction.StopIterationNoBuffer;

/** The Go SDK's generic actions: 0 continues, 1 pauses (headers or data). */
export const ActionContinue: i32 = 0;
export const ActionPause: i32 = 1;
