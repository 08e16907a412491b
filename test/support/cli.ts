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

/** The project's pinned CDK CLI. */
export const CDK_CLI = path.join(ROOT, 'node_modules', '.bin', 'cdk');

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
