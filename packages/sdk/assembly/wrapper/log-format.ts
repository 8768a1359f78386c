// Go's `Infof(format, args...)` for AssemblyScript, which has no variadic `...interface{}`: the
// arguments come as a string array (`log.infof("got %s in %d ms", [key, ms.toString()])`).
// Each verb takes the next argument as it is, so `%s`, `%d` and `%v` read the same; flags,
// width and precision (`%-5s`, `%.2f`) are accepted and ignored. `%%` is a percent sign. A
// verb without an argument and arguments left over are written as Go's fmt writes them:
// `%!d(MISSING)` and `%!(EXTRA string=a, string=b)`.

function isVerbLetter(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** A flag, width or precision character between `%` and the verb. */
function isVerbModifier(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || c == 0x2e || c == 0x2d || c == 0x2b || c == 0x23 || c == 0x20;
}

export function formatLog(format: string, args: string[]): string {
  // Fast path: nothing to substitute.
  if (format.indexOf("%") < 0 && args.length == 0) return format;
  let out = "";
  let next = 0;
  let start = 0;
  const n = format.length;
  let i = 0;
  while (i < n) {
    if (format.charCodeAt(i) != 0x25) {
      i++;
      continue;
    }
    out += format.substring(start, i);
    let j = i + 1;
    if (j < n && format.charCodeAt(j) == 0x25) {
      out += "%";
      i = start = j + 1;
      continue;
    }
    while (j < n && isVerbModifier(format.charCodeAt(j))) j++;
    if (j >= n || !isVerbLetter(format.charCodeAt(j))) {
      // Go: a format ending in a bare `%` (or a modifier) prints %!(NOVERB).
      out += "%!(NOVERB)";
      i = start = n;
      break;
    }
    if (next < args.length) out += unchecked(args[next++]);
    else out += "%!" + String.fromCharCode(format.charCodeAt(j)) + "(MISSING)";
    i = start = j + 1;
  }
  out += format.substring(start, n);
  if (next < args.length) {
    out += "%!(EXTRA ";
    for (let k = next; k < args.length; k++) {
      if (k > next) out += ", ";
      out += "string=" + unchecked(args[k]);
    }
    out += ")";
  }
  return out;
}
