import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeValidationReports } from '../../lib/assembly-merge';
import { clearAssembly, ParallelSynth } from '../../lib/synth';

describe('clearAssembly (before each synth)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-out-'));
  for (const d of ['assembly-Dev', 'asset.abc', 'compliance/Dev'])
    fs.mkdirSync(path.join(dir, d), { recursive: true });
  for (const f of [
    'manifest.json',
    'tree.json',
    'validation-report.json',
    'compliance-stats.json',
    'environments.json',
    'organization.json',
    'synth.lock',
  ])
    fs.writeFileSync(path.join(dir, f), '{}');
  clearAssembly(dir);

  test("removes the previous synth's assemblies, assets, root files and compliance report", () => {
    expect(fs.readdirSync(dir)).not.toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^(assembly-|asset\.|compliance)|manifest|tree|report|stats/),
      ]),
    );
  });

  test("keeps what it did not write (the CDK CLI's lock files)", () => {
    expect(fs.readdirSync(dir)).toEqual(['synth.lock']);
  });
});

describe('mergeValidationReports', () => {
  const report = (conclusion: string, violations: string[]) => ({
    pluginReports: [
      { pluginName: 'CloudFormation Validate', conclusion, violations, suppressedViolations: [] },
    ],
  });

  test("keeps every environment's violations under one report per plugin", () => {
    const merged = mergeValidationReports([report('failure', ['dev']), report('success', ['prod'])]);
    expect(merged.pluginReports).toHaveLength(1);
    expect(merged.pluginReports![0].violations).toEqual(['dev', 'prod']);
  });

  test('fails when any environment failed, whichever comes first', () => {
    expect(
      mergeValidationReports([report('success', []), report('failure', ['x'])]).pluginReports![0].conclusion,
    ).toBe('failure');
    expect(
      mergeValidationReports([report('failure', ['x']), report('success', [])]).pluginReports![0].conclusion,
    ).toBe('failure');
  });

  test("keeps a plugin's failure to run in any environment (aws-cdk-lib reports it with no violations)", () => {
    const failed = {
      pluginReports: [
        {
          pluginName: 'CloudFormation Validate',
          conclusion: 'failure',
          violations: [],
          metadata: { error: "Validation plugin 'CloudFormation Validate' failed: boom" },
        },
      ],
    };
    const merged = mergeValidationReports([report('success', []), failed]).pluginReports![0];
    expect(merged).toMatchObject({
      conclusion: 'failure',
      metadata: { error: expect.stringContaining('boom') },
    });
  });
});

// bin/app.ts starts the children before it has checked the config files (lib/synth.ts startEarly), and
// cancels them on a mistake.
describe('ParallelSynth.cancel', () => {
  test('stops the children it started (killed, not finished) and removes their directory', async () => {
    const synth = new ParallelSynth(['dev', 'prod']);
    const work = path.dirname(synth.parts[0].dir);
    expect(fs.existsSync(work)).toBe(true);
    const finished = synth.finish();
    synth.cancel();
    // A child killed by a signal has no exit code.
    await expect(finished).rejects.toThrow(/synthesizing (dev|prod) failed \(exit null\)/);
    expect(fs.existsSync(work)).toBe(false);
  });
});
