import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeAssemblies, mergeValidationReports } from '../../lib/assembly-merge';
import { childParts, clearAssembly, ORG_CHILD, ParallelSynth, startEarly } from '../../lib/synth';

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

describe('childParts (which parts each child process synthesizes)', () => {
  test('more parts than cores: the Org stage shares the first environment’s process', () => {
    expect(childParts([ORG_CHILD, 'dev', 'prod'], 2)).toEqual([`${ORG_CHILD}+dev`, 'prod']);
  });

  test('as many parts as cores, or no Org stage: one process per part', () => {
    expect(childParts([ORG_CHILD, 'dev', 'prod'], 3)).toEqual([ORG_CHILD, 'dev', 'prod']);
    expect(childParts(['dev', 'prod', 'test'], 2)).toEqual(['dev', 'prod', 'test']);
  });

  test('one core, the Org stage and one environment: one part, synthesized in the parent, so no child starts early', () => {
    expect(childParts([ORG_CHILD, 'dev'], 1)).toEqual([`${ORG_CHILD}+dev`]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-'));
    for (const f of ['organization.yaml', 'dev.yaml']) fs.writeFileSync(path.join(dir, f), '{}\n');
    expect(startEarly(dir, 1)).toBeUndefined();
  });
});

describe('mergeAssemblies (a part may hold two stages)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'merge-'));
  /** A part's assembly as aws-cdk-lib writes it: the stages' assemblies, then the app's Tree construct. */
  const part = (name: string, stages: string[]) => {
    const dir = path.join(root, name);
    for (const s of stages) fs.mkdirSync(path.join(dir, `assembly-${s}`), { recursive: true });
    const artifacts = Object.fromEntries([
      ...stages.map((s) => [`assembly-${s}`, { type: 'cdk:cloud-assembly', properties: { displayName: s } }]),
      ['Tree', { type: 'cdk:tree' }],
    ]);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '1', artifacts }));
    const children = Object.fromEntries([...stages.map((s) => [s, { id: s }]), ['Tree', { id: 'Tree' }]]);
    fs.writeFileSync(
      path.join(dir, 'tree.json'),
      JSON.stringify({ version: 'tree-0.1', tree: { children } }),
    );
    const stats = Object.fromEntries(
      // Stats are written in stage-name order (compliance/stats.ts).
      [...stages].sort().map((s) => [s, { resourcesChecked: s.length }]),
    );
    fs.writeFileSync(
      path.join(dir, 'compliance-stats.json'),
      JSON.stringify({ version: 1, packs: { P: stats } }),
    );
    return dir;
  };
  const read = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const out = path.join(root, 'out');
  mergeAssemblies([part('a', ['Org', 'Dev']), part('b', ['Prod'])], out);

  test('lists the stages in part order in the manifest, the tree and the stats, as one app writes them', () => {
    expect(Object.keys(read(out, 'manifest.json').artifacts)).toEqual([
      'assembly-Org',
      'assembly-Dev',
      'assembly-Prod',
      'Tree',
    ]);
    expect(Object.keys(read(out, 'tree.json').tree.children)).toEqual(['Org', 'Dev', 'Prod', 'Tree']);
    expect(Object.keys(read(out, 'compliance-stats.json').packs.P)).toEqual(['Org', 'Dev', 'Prod']);
  });

  test('moves every stage assembly over', () => {
    expect(
      fs
        .readdirSync(out)
        .filter((e) => e.startsWith('assembly-'))
        .sort(),
    ).toEqual(['assembly-Dev', 'assembly-Org', 'assembly-Prod']);
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
