/**
 * Which files of a config directory are environments and which is the organization's: names only, nothing
 * read or checked (lib/config/load.ts reads and checks them). Loads no schema, so the synth can start its
 * per-environment processes while it checks the files (lib/synth.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The organization file (lib/config/organization.ts) beside the environment files: not an environment, so
 * `loadConfigs` skips it.
 */
export const ORGANIZATION_FILES: readonly string[] = ['organization.yaml', 'organization.yml'];

/** The environment files of `dir` (`*.yaml`, `*.yml`; not the organization's), sorted; throws if unreadable. */
export function environmentFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => (f.endsWith('.yaml') || f.endsWith('.yml')) && !ORGANIZATION_FILES.includes(f))
    .sort();
}

/** The organization file of `dir`, if there is one. */
export function organizationFile(dir: string): string | undefined {
  return ORGANIZATION_FILES.find((f) => fs.existsSync(path.join(dir, f)));
}
