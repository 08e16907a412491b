import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { ConfigError, loadConfigs } from '../../lib/config/load';
import {
  BAD_CONFIG_DIR,
  caseConfigDir,
  type ConfigCase,
  editedText,
  GOOD_CONFIG_DIR,
  pathsNamed,
  readCases,
} from '../support/config-corpus';
import { SYNTH_ARGS } from '../support/cli';

const BAD = readCases(BAD_CONFIG_DIR);
const GOOD = readCases(GOOD_CONFIG_DIR);
const STACK_TRACE = /^\s+at .+[(:]\d+/m;

/** The problems `loadConfigs` (what bin/app.ts calls) reports for a case, or [] when it loads. */
function problemsOf(c: ConfigCase): readonly string[] {
  try {
    loadConfigs(caseConfigDir(c), c.only);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e; // a crash: fails the test with the stack trace the user would have seen
  }
}

/** Runs the real entry point once on a directory holding each case's file as `<case>.yaml`. */
function runApp(
  cases: readonly ConfigCase[],
): Promise<{ code: number | null; stderr: string; outdir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-spawn-'));
  for (const c of cases) fs.writeFileSync(path.join(dir, `${c.name}.yaml`), editedText(c));
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-out-')), 'cdk.out');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, SYNTH_ARGS, {
      cwd: ROOT,
      env: { ...process.env, CONFIG_DIR: dir, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: '{}', ENV: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr, outdir }));
  });
}

describe('bad-config corpus: every config one edit away from an example is rejected with file: path: message', () => {
  test('the corpus holds at least 60 cases, each a single edit', () => {
    expect(BAD.length).toBeGreaterThanOrEqual(60);
    for (const c of BAD)
      expect({ name: c.name, edits: c.edits.length, expect: typeof c.expect }).toEqual({
        name: c.name,
        edits: 1,
        expect: 'string',
      });
  });

  test('the unedited example files load (so every failure below comes from its edit)', () => {
    expect(problemsOf({ ...BAD[0], edits: [] })).toEqual([]);
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
      expect(p).toMatch(/^[^:]+\.yaml(:\d+)?: /); // file first, then path (or line) and message
      expect(p).not.toMatch(STACK_TRACE);
    }
  });

  // One process for all of them (each file in one config directory): a process costs 2-4 s here.
  const spawned = BAD.filter((c) => c.spawn);
  test(`through the real bin/app.ts (${spawned.length} cases in one run): exit 2, each message, no stack trace, nothing written`, async () => {
    expect(spawned.length).toBeGreaterThanOrEqual(4);
    const run = await runApp(spawned);
    expect(run.code).toBe(2);
    for (const c of spawned)
      expect(run.stderr).toContain(c.expect!.replace(`${c.base}.yaml`, `${c.name}.yaml`));
    expect(run.stderr).toContain('Nothing was synthesized.');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(fs.existsSync(run.outdir)).toBe(false);
  });
});

describe('good-config corpus: valid edge cases load', () => {
  test('the corpus holds at least 8 cases', () => {
    expect(GOOD.length).toBeGreaterThanOrEqual(8);
  });

  test.each(GOOD.map((c) => [c.name, c] as const))('%s loads', (_, c) => {
    expect(problemsOf(c)).toEqual([]);
  });
});
