import * as path from 'node:path';
import { type ConfigFileHash, readAssemblyJson, writeAssemblyJson } from './environments';

/**
 * The validated organization configuration (config/organization.yaml) a synth built the Org stage from,
 * written into the cloud assembly beside `environments.json` so the compliance report (which never imports
 * the app) can render its organization view from `cdk.out` alone. Only written when an organization file exists.
 */
export const ORGANIZATION_FILE = 'organization.json';

/** What the synth writes: the validated configuration (plain JSON) and the file it came from. */
export interface SynthesizedOrganization {
  readonly version: 1;
  readonly organization: unknown;
  readonly file: ConfigFileHash;
}

/** Writes `organization.json` into the cloud assembly directory (after the synth). */
export function writeOrganization(
  assemblyDir: string,
  loaded: { readonly config: unknown; readonly file: string; readonly sha256: string },
): string {
  const data: SynthesizedOrganization = {
    version: 1,
    organization: loaded.config,
    file: { file: loaded.file.split(path.sep).join('/'), sha256: loaded.sha256 },
  };
  return writeAssemblyJson(assemblyDir, ORGANIZATION_FILE, data);
}

/** Reads what a synth wrote; undefined when the assembly has none (no organization file). */
export function readOrganization(assemblyDir: string): SynthesizedOrganization | undefined {
  return readAssemblyJson<SynthesizedOrganization>(assemblyDir, ORGANIZATION_FILE);
}
