import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../lib/app-names';

/**
 * The environment of a machine with no AWS credentials anywhere the SDK would look and no instance metadata
 * to ask: the CDK CLI must synthesize there (no context lookups).
 */
export function noCredentialsEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-aws-'));
  return {
    ...env,
    AWS_CONFIG_FILE: path.join(empty, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(empty, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
}

/** How the tests run the entry point: as `npm run synth:only` does. */
export { SYNTH_ARGS } from '../../scripts/synth-command';

/** The project's pinned CDK CLI (what `npx cdk` runs). */
const CDK_CLI = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

/**
 * Runs the pinned CDK CLI from the project root on a machine without AWS credentials, with the V8 code cache
 * of node_modules preloaded (scripts/v8-code-cache.js): V8 compiles the CLI's 16 MB bundle in about 1 s of
 * CPU per run otherwise, and `npm test` runs it three times. The cache only supplies compiled code: the CLI,
 * its arguments and the app it starts (cdk.json) are those of `npx cdk`.
 */
export function runCdk(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['-r', V8_CODE_CACHE, CDK_CLI, ...args], {
    cwd: ROOT,
    env: noCredentialsEnv(),
    encoding: 'utf8',
  });
}

const V8_CODE_CACHE = path.join(ROOT, 'scripts', 'v8-code-cache.js');

/** What test/global-setup.ts records of its `cdk synth` run, next to the assembly it wrote. */
export interface CliRun {
  readonly args: string[];
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether cdk.context.json existed after the run (a context lookup writes it). */
  readonly contextFileWritten: boolean;
}

export const CLI_RUN_FILE = 'cli-run.json';
