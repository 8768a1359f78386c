// RESP (the Redis protocol) as the host needs it: encode a command as an array of bulk
// strings, find where one reply ends in a byte stream (to frame replies from a real Redis),
// and decode a reply for tests to read. Malformed input is an error value, never an exception
// escaping to the caller's VM.

export type RespValue = string | number | null | Uint8Array | RespValue[] | { error: string };

export function encodeCommand(args: readonly (string | Uint8Array | number)[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b =
      typeof a === "string" ? Buffer.from(a, "utf8") : typeof a === "number" ? Buffer.from(String(a)) : Buffer.from(a);
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

function lineEnd(buf: Uint8Array, from: number): number {
  for (let i = from; i + 1 < buf.length; i++) if (buf[i] === 13 && buf[i + 1] === 10) return i;
  return -1;
}

/**
 * The length of the first complete reply in `buf` starting at `offset`, 0 if more bytes are
 * needed, or -1 if the bytes are not RESP.
 */
export function replyLength(buf: Uint8Array, offset = 0): number {
  if (offset >= buf.length) return 0;
  const type = buf[offset];
  const end = lineEnd(buf, offset + 1);
  if (end < 0) return 0;
  const line = Buffer.from(buf.subarray(offset + 1, end)).toString("latin1");
  const after = end + 2;
  switch (type) {
    case 0x2b:
    case 0x2d:
    case 0x3a: // + - :
      return after - offset;
    case 0x24: {
      // $
      const n = Number(line);
      if (!Number.isInteger(n) || n < -1) return -1;
      if (n === -1) return after - offset;
      if (buf.length < after + n + 2) return 0;
      return after + n + 2 - offset;
    }
    case 0x2a: {
      // *
      const n = Number(line);
      if (!Number.isInteger(n) || n < -1) return -1;
      let pos = after;
      for (let i = 0; i < n; i++) {
        const len = replyLength(buf, pos);
        if (len <= 0) return len;
        pos += len;
      }
      return pos - offset;
    }
    default:
      return -1;
  }
}

/** Decodes one reply (bulk strings as UTF-8 text); malformed input gives { error }. */
export function decodeReply(buf: Uint8Array): RespValue {
  const len = replyLength(buf);
  if (len <= 0) return { error: "malformed or incomplete RESP" };
  const read = (offset: number): [RespValue, number] => {
    const end = lineEnd(buf, offset + 1);
    const line = Buffer.from(buf.subarray(offset + 1, end)).toString("utf8");
    const after = end + 2;
    switch (buf[offset]) {
      case 0x2b:
        return [line, after];
      case 0x2d:
        return [{ error: line }, after];
      case 0x3a:
        return [Number(line), after];
      case 0x24: {
        const n = Number(line);
        if (n === -1) return [null, after];
        return [Buffer.from(buf.subarray(after, after + n)).toString("utf8"), after + n + 2];
      }
      default: {
        const n = Number(line);
        if (n === -1) return [null, after];
        const items: RespValue[] = [];
        let pos = after;
        for (let i = 0; i < n; i++) {
          const [v, next] = read(pos);
          items.push(v);
          pos = next;
        }
        return [items, pos];
      }
    }
  };
  return read(0)[0];
}

/** RESP for a reply value, so tests can answer a Redis call with `reply(["a", 1, null])`. */
export function encodeReply(value: RespValue): Uint8Array {
  if (value === null) return Buffer.from("$-1\r\n");
  if (typeof value === "number") return Buffer.from(`:${Math.trunc(value)}\r\n`);
  if (typeof value === "string") {
    const b = Buffer.from(value, "utf8");
    return Buffer.concat([Buffer.from(`$${b.length}\r\n`), b, Buffer.from("\r\n")]);
  }
  if (value instanceof Uint8Array)
    return Buffer.concat([Buffer.from(`$${value.length}\r\n`), value, Buffer.from("\r\n")]);
  if (Array.isArray(value)) return Buffer.concat([Buffer.from(`*${value.length}\r\n`), ...value.map(encodeReply)]);
  return Buffer.from(`-${value.error}\r\n`);
}
