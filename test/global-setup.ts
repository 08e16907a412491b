import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp, ROOT } from '../lib/app';
import { writeEnvironments } from '../compliance/environments';
import { writeComplianceStats } from '../compliance/stats';
import { loadConfigs } from '../lib/config/load';
import { TEST_ASSEMBLY_DIR } from './support/assembly';

/**
 * Synthesizes the whole app (every environment, every compliance pack, CloudFormation validation on)
 * once per test run into cdk.out.test/ (with compliance-stats.json and environments.json, as bin/app.ts writes
 * them). Tests read
 * templates, the validation report and the stats from there,
 * so the expensive synth is shared by every test file.
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
  const started = Date.now();
  const configs = loadConfigs(path.join(ROOT, 'config'));
  const { app, packs } = buildApp({ configs, outdir: TEST_ASSEMBLY_DIR });
  const assembly = app.synth({ force: true });
  writeComplianceStats(assembly.directory, packs);
  writeEnvironments(assembly.directory, configs);
  process.stderr.write(
    `\n[global-setup] full synth for tests: ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
  );
}
