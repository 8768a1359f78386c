// Connecting to an upstream the way Envoy reports it: a connect that takes longer than the
// cluster's connect_timeout is a "connection timeout"; a refused or unreachable connect is a
// "remote connection failure" with the errno Envoy prints (111 for ECONNREFUSED).
import type { ClientRequest } from "node:http";
import { constants } from "node:os";

const CONNECT_ERRORS = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);

/** The errno of a failed connect, or null if the error is not a connect failure. */
export function connectErrno(err: NodeJS.ErrnoException): number | null {
  const code = err.code ?? "";
  if (!CONNECT_ERRORS.has(code)) return null;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return (constants.errno as Record<string, number>).EHOSTUNREACH ?? 113;
  return (constants.errno as Record<string, number>)[code] ?? 111;
}

/** Aborts the request (calling onTimeout) if its socket is still connecting after `ms`. */
export function watchConnect(req: ClientRequest, ms: number, onTimeout: () => void): void {
  req.once("socket", (socket) => {
    if (!socket.connecting) return;
    const timer = setTimeout(() => {
      onTimeout();
      req.destroy();
    }, ms);
    socket.once("connect", () => clearTimeout(timer));
    socket.once("close", () => clearTimeout(timer));
  });
}
