// What went wrong in a configuration, and where: the JSON path (`_rules_[1].redis.timeout`)
// and what was expected, printed as `$._rules_[1].redis.timeout: …` (`$` is the document).
// parseConfig functions return one (or null), like Go's `error`.

export class ConfigError {
  /**
   *   return new ConfigError("missing tokenHeader in config");
   */
  constructor(
    public readonly message: string,
    public readonly path: string = "",
  ) {}

  toString(): string {
    return this.path.length != 0 ? "$." + this.path + ": " + this.message : this.message;
  }
}
