import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PLUGIN_FAILURE_RULE, readFindings, VALIDATION_REPORT_FILE } from '../../compliance/findings';
import { summarizeSynth } from '../../compliance/summary';

/** A cloud assembly directory with no stacks and `report` as its validation report. */
function assemblyWith(report: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'findings-'));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts: {} }));
  fs.writeFileSync(path.join(dir, VALIDATION_REPORT_FILE), JSON.stringify(report));
  return dir;
}

describe('readFindings', () => {
  test('a plugin that threw instead of checking is a finding, so the synth fails', () => {
    // What aws-cdk-lib writes for a plugin whose validate() threw (core/lib/validation/private/report.js).
    const dir = assemblyWith({
      pluginReports: [
        {
          pluginName: 'CloudFormation Validate',
          conclusion: 'failure',
          violations: [],
          metadata: { error: "Validation plugin 'CloudFormation Validate' failed: ENOENT" },
        },
      ],
    });
    expect(readFindings(dir)).toEqual([
      {
        plugin: 'CloudFormation Validate',
        rule: PLUGIN_FAILURE_RULE,
        severity: 'error',
        path: '',
        description: "Validation plugin 'CloudFormation Validate' failed: ENOENT",
      },
    ]);
    // The synth's summary (bin/app.ts exits 1 when it failed) counts the check that did not run.
    const summary = summarizeSynth(dir);
    expect(summary.failed).toBe(true);
    expect(summary.text).toContain(
      `Unacknowledged findings: 1\n  [error] ${PLUGIN_FAILURE_RULE} at : Validation plugin 'CloudFormation Validate' failed: ENOENT`,
    );
  });

  test('a plugin that ran and found nothing is no finding', () => {
    const dir = assemblyWith({
      pluginReports: [{ pluginName: 'CloudFormation Validate', conclusion: 'success', violations: [] }],
    });
    expect(readFindings(dir)).toEqual([]);
    expect(summarizeSynth(dir).failed).toBe(false);
  });
});
