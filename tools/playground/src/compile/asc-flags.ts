// asconfig options as asc command-line flags. A plugin's release build is asc reading
// plugins/<name>/asconfig.json (which extends the SDK's asconfig.base.json); the page has no
// asconfig file to give asc, so it passes the same options as flags: the same build.
export type AscOptions = Record<string, unknown>;

export function ascFlags(options: AscOptions): string[] {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === false || value === undefined || value === null) continue;
    if (value === true) argv.push(`--${key}`);
    else if (Array.isArray(value)) argv.push(`--${key}`, value.join(","));
    else argv.push(`--${key}`, String(value));
  }
  return argv;
}
