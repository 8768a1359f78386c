// A random (version 4) UUID, as Go's uuid.New() makes for the wrapper's VM id and route-call
// ids. Math.random is seeded from the host clock (see asconfig.base.json's `seed`); these ids
// only need to differ between VMs and calls, not to be secret.
export function newUuid(): string {
  const hex = "0123456789abcdef";
  let s = "";
  for (let i = 0; i < 16; i++) {
    let b = <i32>(Math.random() * 256) & 0xff;
    if (i == 6) b = (b & 0x0f) | 0x40; // version 4
    if (i == 8) b = (b & 0x3f) | 0x80; // RFC 4122 variant
    if (i == 4 || i == 6 || i == 8 || i == 10) s += "-";
    s += hex.charAt(b >> 4) + hex.charAt(b & 15);
  }
  return s;
}
