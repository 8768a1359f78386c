// Watches the files a running gateway was built from (gatewasm run --watch): each file's folder
// is watched, because editors and compilers replace a file (write a new one, rename it over the
// old) and a watch on the file itself would stay on the replaced inode. Changes are gathered
// until the files have been quiet for `quietMs`, so one save or one build gives one reload.
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";

export class FileWatcher {
  private watchers = new Map<string, FSWatcher>();
  private files = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly onChange: () => void,
    private readonly onError: (message: string) => void,
    private readonly quietMs = 150,
  ) {}

  /** Watches exactly these files from now on. */
  setPaths(paths: readonly string[]): void {
    if (this.closed) return;
    this.files = new Set(paths);
    const dirs = new Set(paths.map((p) => dirname(p)));
    for (const [dir, w] of this.watchers) {
      if (dirs.has(dir)) continue;
      w.close();
      this.watchers.delete(dir);
    }
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, (_event, name) => {
          if (name !== null && [...this.files].some((f) => dirname(f) === dir && basename(f) === String(name)))
            this.changed();
        });
        w.on("error", (e) => this.onError(`watching ${dir}: ${e.message}`));
        this.watchers.set(dir, w);
      } catch (e) {
        this.onError(`cannot watch ${dir}: ${(e as Error).message}`);
      }
    }
  }

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.onChange();
    }, this.quietMs);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
