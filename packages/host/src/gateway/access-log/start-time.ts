// %START_TIME% as Envoy prints it: by default ISO 8601 in UTC with milliseconds
// (2026-12-08T01:02:03.456Z); with a format argument, the strftime specifiers Envoy's
// DateFormatter takes, plus %s (epoch seconds) and %1f..%9f (fractional seconds).

const pad = (n: number | bigint, w = 2) => String(n).padStart(w, "0");

/** The default rendering (AccessLogDateTimeFormatter). */
export function defaultStartTime(nanos: bigint): string {
  return new Date(Number(nanos / 1_000_000n)).toISOString();
}

/** Checks a START_TIME format once, at configuration time: every specifier must be one this formatter knows. */
export function checkStartTimeFormat(format: string): string | null {
  const bad = /%(?:[1-9]f|[YmdHMSszjyeFTbap%])|%/g;
  for (const m of format.matchAll(bad))
    if (m[0] === "%") return `unsupported START_TIME specifier at "${format.slice(m.index)}"`;
  return null;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function formatStartTime(format: string, nanos: bigint): string {
  const d = new Date(Number(nanos / 1_000_000n));
  const frac = pad(nanos % 1_000_000_000n, 9);
  return format.replace(/%([1-9]f|.)/g, (_, spec: string) => {
    if (spec.length === 2) return frac.slice(0, Number(spec[0]));
    switch (spec) {
      case "Y":
        return String(d.getUTCFullYear());
      case "y":
        return pad(d.getUTCFullYear() % 100);
      case "m":
        return pad(d.getUTCMonth() + 1);
      case "d":
        return pad(d.getUTCDate());
      case "e":
        return String(d.getUTCDate()).padStart(2, " ");
      case "j":
        return pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3);
      case "H":
        return pad(d.getUTCHours());
      case "M":
        return pad(d.getUTCMinutes());
      case "S":
        return pad(d.getUTCSeconds());
      case "p":
        return d.getUTCHours() < 12 ? "AM" : "PM";
      case "s":
        return String(nanos / 1_000_000_000n);
      case "z":
        return "+0000";
      case "F":
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      case "T":
        return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      case "a":
        return DAYS[d.getUTCDay()];
      case "b":
        return MONTHS[d.getUTCMonth()];
      case "%":
        return "%";
      default:
        return `%${spec}`;
    }
  });
}
