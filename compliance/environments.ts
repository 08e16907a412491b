import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The validated configuration of every environment a synth built, written into the cloud assembly so
 * the compliance report (a separate program that never imports the app) reads it from `cdk.out`.
 */
export const ENVIRONMENTS_FILE = 'environments.json';

/** The configuration file an environment was synthesized from, hashed as it was read (report provenance). */
export interface ConfigFileHash {
  /** Path as the synth read it, relative to the working directory (the repository root for `npm run synth`). */
  readonly file: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
}

/** What bin/app.ts writes: environment name -> its validated configuration (plain JSON). */
export interface SynthesizedEnvironments {
  readonly version: 1;
  readonly environments: Record<string, unknown>;
  /** Environment name -> its configuration file; absent in assemblies written before it was recorded. */
  readonly files?: Record<string, ConfigFileHash>;
}

/** Writes `environments.json` into the cloud assembly directory (after `app.synth()`). */
export function writeEnvironments(
  assemblyDir: string,
  configs: readonly {
    readonly config: { readonly environment: { readonly name: string } };
    readonly file?: string;
    readonly sha256?: string;
  }[],
): string {
  const data: SynthesizedEnvironments = {
    version: 1,
    environments: Object.fromEntries(configs.map(({ config }) => [config.environment.name, config])),
    files: Object.fromEntries(
      configs.flatMap((c) =>
        c.file && c.sha256
          ? [[c.config.environment.name, { file: c.file.split(path.sep).join('/'), sha256: c.sha256 }]]
          : [],
      ),
    ),
  };
  return writeAssemblyJson(assemblyDir, ENVIRONMENTS_FILE, data);
}

/** Reads what a synth wrote; undefined when the assembly has no such file. */
export function readEnvironments(assemblyDir: string): SynthesizedEnvironments | undefined {
  return readAssemblyJson<SynthesizedEnvironments>(assemblyDir, ENVIRONMENTS_FILE);
}

/** Writes `data` as indented JSON to `<assemblyDir>/<name>`; returns the file. */
export function writeAssemblyJson(assemblyDir: string, name: string, data: unknown): string {
  const file = path.join(assemblyDir, name);
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** The JSON file `<assemblyDir>/<name>` as the synth wrote it; undefined when there is none. */
export function readAssemblyJson<T>(assemblyDir: string, name: string): T | undefined {
  const file = path.join(assemblyDir, name);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
