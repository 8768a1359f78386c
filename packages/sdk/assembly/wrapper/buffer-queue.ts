// Higress's per-request buffer queue (ctx.PushBuffer / PopBuffer / BufferQueueSize): chunks a
// streaming callback holds back (with needPauseStreamingResponse) to release later.
export class BufferQueue {
  readonly items: ArrayBuffer[] = [];
}
