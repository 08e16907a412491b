import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type GeneratedReport, generateReports } from '../../report/write';
import { TEST_ASSEMBLY_DIR } from './assembly';

/** The source commit the shared reports name (a fixed value, so tests can look for it). */
export const SHARED_REPORT_COMMIT = '0123456789abcdef0123456789abcdef01234567-dirty';

let shared: Promise<{ outDir: string; reports: GeneratedReport[] }> | undefined;

/**
 * The compliance reports of the shared test assembly, generated once per module registry (the report
 * tests of one shard share it: ~5 s of CPU each). Read-only: a test that needs to change reports or their
 * inputs generates its own.
 */
export function sharedReports(): Promise<{ outDir: string; reports: GeneratedReport[] }> {
  shared ??= (async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-'));
    const reports = await generateReports({
      assemblyDir: TEST_ASSEMBLY_DIR,
      outDir,
      commit: SHARED_REPORT_COMMIT,
    });
    return { outDir, reports };
  })();
  return shared;
}
