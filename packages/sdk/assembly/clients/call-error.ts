// Why an HttpClient or RedisClient call failed. Calls return one (or null), and Redis callbacks
// find one in `response.error()`, so a plugin can tell a missing cluster from a timeout.

export enum CallErrorKind {
  /** The URL could not be parsed. */
  InvalidUrl = 0,
  /** A header name or value was refused before sending (see the log line). */
  InvalidHeader = 1,
  /** The host does not know the cluster (Envoy/Higress answer BadArgument). */
  ClusterNotFound = 2,
  /** The host refused the call for another reason (see `result`). */
  DispatchFailed = 3,
  /** Redis: no answer within the client's timeout. */
  Timeout = 4,
  /** Redis: the connection to the cluster failed. */
  ConnectionFailed = 5,
  /** Redis: the server wants authentication (NOAUTH), even after one re-login. */
  NoAuth = 6,
  /** Redis: an error reply (`-ERR …`, `-WRONGTYPE …`). */
  ServerError = 7,
  /** Redis: a reply that is not valid RESP. */
  MalformedReply = 8,
  /** The callback's config type is not the plugin's config type (a programming error). */
  WrongConfigType = 9,
  /** An argument the call cannot send (e.g. a Redis pair that is not two strings); nothing was sent. */
  InvalidArgument = 10,
}

export class CallError {
  constructor(
    public readonly kind: CallErrorKind,
    public readonly message: string,
    public readonly result: i32 = 0,
  ) {}
  toString(): string {
    return this.message;
  }
}
