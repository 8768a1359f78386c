// A float64 as Go's fmt.Sprint writes it (`%v`: strconv's shortest 'g' with an exponent from
// 1e+06 up and below 1e-04): what Higress's Go client puts in a command for a float argument
// (HIncrByFloat, ZIncrBy), so the same call sends the same bytes.
// AssemblyScript's f64.toString already finds the shortest digits; only their layout differs.

function repeatZeros(n: i32): string {
  let s = "";
  for (let i = 0; i < n; i++) s += "0";
  return s;
}

export function goFloat(v: f64): string {
  if (isNaN(v)) return "NaN";
  if (!isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == 0) return 1 / v < 0 ? "-0" : "0";
  let s = Math.abs(v).toString();
  // Split AssemblyScript's text into digits and the position of the decimal point (dp: how
  // many digits stand before it).
  let exp = 0;
  const e = s.indexOf("e");
  if (e >= 0) {
    exp = I32.parseInt(s.substring(s.charCodeAt(e + 1) == 0x2b ? e + 2 : e + 1));
    s = s.substring(0, e);
  }
  const dot = s.indexOf(".");
  let digits = dot >= 0 ? s.substring(0, dot) + s.substring(dot + 1) : s;
  let dp = (dot >= 0 ? dot : s.length) + exp;
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) == 0x30) lead++;
  digits = digits.substring(lead);
  dp -= lead;
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) == 0x30) end--;
  digits = digits.substring(0, end);
  const sign = v < 0 ? "-" : "";
  const x = dp - 1;
  if (x < -4 || x >= 6) {
    // %e: d.ddde±XX, at least two exponent digits.
    const mantissa = digits.length > 1 ? digits.substring(0, 1) + "." + digits.substring(1) : digits;
    const ax = x < 0 ? -x : x;
    return sign + mantissa + "e" + (x < 0 ? "-" : "+") + (ax < 10 ? "0" : "") + ax.toString();
  }
  if (dp <= 0) return sign + "0." + repeatZeros(-dp) + digits;
  if (dp >= digits.length) return sign + digits + repeatZeros(dp - digits.length);
  return sign + digits.substring(0, dp) + "." + digits.substring(dp);
}
