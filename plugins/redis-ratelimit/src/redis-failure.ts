// What a failed Redis call means for the operator: one log line per failure that says which
// failure it was (missing cluster, NOAUTH, timeout, refused connection, error reply, malformed
// reply) and what to check, and then what the failure policy did with the request.
import { CallError, CallErrorKind } from "@gatewasm/sdk";

/** How to make `cluster` exist: the exact envoy.yaml cluster name, or a Higress service. */
export function clusterHint(cluster: string): string {
  return (
    'declare cluster "' +
    cluster +
    '" in envoy.yaml (STATIC or STRICT_DNS, your Redis address) or check serviceName/servicePort'
  );
}

/** The log line for a failed call, without the policy's outcome. */
export function describeFailure(err: CallError, cluster: string): string {
  const kind = err.kind;
  if (kind == CallErrorKind.ClusterNotFound) return "redis cluster not found: " + clusterHint(cluster);
  if (kind == CallErrorKind.NoAuth) return "redis NOAUTH: check username and password";
  const prefix =
    kind == CallErrorKind.Timeout
      ? "redis timeout: "
      : kind == CallErrorKind.ConnectionFailed
        ? "redis connection failed: "
        : kind == CallErrorKind.MalformedReply
          ? "malformed redis reply: "
          : "redis error: ";
  return prefix + err.message;
}
