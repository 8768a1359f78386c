// Which packages a `changeset version` released: the published (non-private) workspace packages
// whose version changed, with their folders.
import { pnpmOutput } from "../../pnpm.js";

export interface WorkspacePackage {
  name: string;
  version: string;
  path: string;
}

export function publishedPackages(root: string): WorkspacePackage[] {
  const list = JSON.parse(pnpmOutput(root, ["ls", "-r", "--depth", "-1", "--json"])) as (WorkspacePackage & {
    private?: boolean;
  })[];
  return list
    .filter((p) => !p.private && p.name && p.version)
    .map(({ name, version, path }) => ({ name, version, path }));
}

export function released(before: WorkspacePackage[], after: WorkspacePackage[]): WorkspacePackage[] {
  const old = new Map(before.map((p) => [p.name, p.version]));
  return after.filter((p) => old.get(p.name) !== p.version);
}
