// Higress's safe log mode (wrapper.EnableSafeLog / log.SetSafeLogEnabled): lines that may carry
// sensitive data (Log.unsafeInfo, routeCall's start and end lines) go to debug instead of info.
let enabled = false;

export function enableSafeLogMode(): void { enabled = true; }
/** Go's log.IsSafeLogEnabled. */
export function safeLogEnabled(): bool { return enabled; }
