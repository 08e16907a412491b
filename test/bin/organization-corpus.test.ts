import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { ConfigError, loadConfigs, loadOrganization } from '../../lib/config/load';
import {
  BAD_ORGANIZATION_DIR,
  caseConfigDir,
  type ConfigCase,
  pathsNamed,
  readCases,
} from '../support/config-corpus';
import { SYNTH_ARGS } from '../support/cli';

const BAD = readCases(BAD_ORGANIZATION_DIR);
const STACK_TRACE = /^\s+at .+[(:]\d+/m;

function problemsOf(c: ConfigCase): readonly string[] {
  try {
    loadOrganization(caseConfigDir(c));
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('organization corpus: config/organization.yaml one edit away is rejected with file: path: message', () => {
  test('the corpus holds at least 15 cases, each a single edit of config/organization.yaml', () => {
    expect(BAD.length).toBeGreaterThanOrEqual(15);
    for (const c of BAD)
      expect({ name: c.name, base: c.base, edits: c.edits.length }).toEqual({
        name: c.name,
        base: 'organization',
        edits: 1,
      });
  });

  test('the unedited example loads, with its two OUs, one exclusion and three regions', () => {
    const loaded = loadOrganization(path.join(ROOT, 'config'))!;
    expect(loaded.config.targets.map((t) => t.ou)).toEqual(['ou-ab12-prod0001', 'ou-ab12-sandbox01']);
    expect(loaded.config.exclusions.map((e) => e.account)).toEqual(['300000000099']);
    expect(loaded.config.organization.governedRegions).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1']);
    expect(loaded.config.controlTower.owns).toEqual({
      trail: true,
      configRecorder: true,
      configAggregator: true,
    });
  });

  test('a directory without organization.yaml has no organization (single-account use)', () => {
    expect(loadOrganization(fs.mkdtempSync(path.join(os.tmpdir(), 'no-org-')))).toBeUndefined();
  });

  test('the environment loader does not read organization.yaml as an environment', () => {
    expect(loadConfigs(path.join(ROOT, 'config')).map((l) => path.basename(l.file))).toEqual([
      'dev.yaml',
      'prod.yaml',
    ]);
  });

  test('every case but a YAML syntax error names the config path its problem is about', () => {
    expect(BAD.filter((c) => !c.path && !c.name.startsWith('yaml-')).map((c) => c.name)).toEqual([]);
  });

  test.each(BAD.map((c) => [c.name, c] as const))('fails if %s', (_, c) => {
    const problems = problemsOf(c);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(c.expect!)]));
    // The same problem names the file, then the path, then the message.
    if (c.path) expect(pathsNamed(problems, c)).toContain(c.path);
    for (const p of problems) {
      expect(p).toMatch(/^[^:]+organization\.yaml(:\d+)?: /);
      expect(p).not.toMatch(STACK_TRACE);
    }
  });

  test('through the real bin/app.ts: a bad organization file exits 2 before anything is synthesized', async () => {
    const c = BAD.find((b) => b.name === 'ou-id-malformed')!;
    const dir = caseConfigDir(c);
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'org-corpus-out-')), 'cdk.out');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, SYNTH_ARGS, {
        cwd: ROOT,
        env: { ...process.env, CONFIG_DIR: dir, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: '{}', ENV: '' },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'organization.yaml: targets[0].ou: "OU-ab12-prod0001" is not an organizational unit id',
    );
    expect(run.stderr).toContain('Nothing was synthesized.');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
