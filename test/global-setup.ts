import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../lib/app';
import { loadConfigs } from '../lib/config/load';
import { synthesize } from '../lib/synth';
import { TEST_ASSEMBLY_DIR } from './support/assembly';

/**
 * Synthesizes the whole app (every environment, every compliance pack, CloudFormation validation on)
 * once per test run into cdk.out.test/ exactly as `npm run synth` does (one process per environment,
 * merged, with compliance-stats.json). Tests read templates, the validation report and the stats from
 * there, so the expensive synth is shared by every test file.
 */
export default async function globalSetup(): Promise<void> {
  // For quick iteration on one test file: REUSE_TEST_ASSEMBLY=1 keeps an existing cdk.out.test (stale if
  // the source changed since; never set it in CI or `npm test`).
  if (
    process.env.REUSE_TEST_ASSEMBLY === '1' &&
    fs.existsSync(path.join(TEST_ASSEMBLY_DIR, 'manifest.json'))
  ) {
    process.stderr.write(`\n[global-setup] reusing ${TEST_ASSEMBLY_DIR} (REUSE_TEST_ASSEMBLY=1)\n`);
    return;
  }
  const { wall } = await synthesize(loadConfigs(path.join(ROOT, 'config')), TEST_ASSEMBLY_DIR);
  process.stderr.write(`\n[global-setup] full synth for tests: ${wall.toFixed(1)}s\n`);
}
