import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../lib/app';
import { TEST_ASSEMBLY_DIR } from './support/assembly';
import { CLI_RUN_FILE, type CliRun, runCdk } from './support/cli';

/**
 * Synthesizes the whole app (every environment, every compliance pack, CloudFormation validation on) once per
 * test run into cdk.out.test/, through the CDK CLI on a machine without AWS credentials: `cdk synth -q` runs
 * the app of cdk.json exactly as `npm run synth` does (one process per environment, merged, with
 * compliance-stats.json). Tests read templates, the validation report and the stats from there, so the
 * expensive synth is shared by every test file; test/bin/cdk-cli.test.ts checks what the CLI run printed.
 */
export default function globalSetup(): void {
  // For quick iteration on one test file: REUSE_TEST_ASSEMBLY=1 keeps an existing cdk.out.test (stale if
  // the source changed since; never set it in CI or `npm test`).
  if (
    process.env.REUSE_TEST_ASSEMBLY === '1' &&
    fs.existsSync(path.join(TEST_ASSEMBLY_DIR, 'manifest.json'))
  ) {
    process.stderr.write(`\n[global-setup] reusing ${TEST_ASSEMBLY_DIR} (REUSE_TEST_ASSEMBLY=1)\n`);
    return;
  }
  const contextFile = path.join(ROOT, 'cdk.context.json');
  const hadContextFile = fs.existsSync(contextFile);
  const args = ['synth', '-q', '-o', TEST_ASSEMBLY_DIR];
  const started = Date.now();
  const run = runCdk(args);
  const record: CliRun = {
    args,
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    contextFileWritten: !hadContextFile && fs.existsSync(contextFile),
  };
  if (run.status !== 0) {
    throw new Error(`cdk ${args.join(' ')} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  fs.writeFileSync(path.join(TEST_ASSEMBLY_DIR, CLI_RUN_FILE), `${JSON.stringify(record, null, 2)}\n`);
  process.stderr.write(
    `\n[global-setup] cdk synth of the whole app for tests: ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
  );
}
