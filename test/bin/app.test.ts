import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exampleConfig, writeConfigDir } from '../support/config';
import { SYNTH_ARGS } from '../support/cli';

/** The project root (not imported from lib/app: this file loads no CDK code in Jest, see test/shards/select.js). */
const ROOT = path.resolve(__dirname, '..', '..');

/** Runs the real entry point as `npm run synth:only` does. */
function runApp(env: Record<string, string>) {
  return spawnSync(process.execPath, SYNTH_ARGS, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

// Two environment files: the synth starts one process per environment before it has checked the files
// (lib/synth.ts ParallelSynth), and stops them when a file is wrong.
describe('bin/app.ts on bad configuration', () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'out-')), 'cdk.out');
  const prod = exampleConfig('prod');
  prod.network = { cidr: '10.0.0.0/16' };
  prod.environment.region = 'mars-1';
  // The synth's temporary directories (os.tmpdir() of the entry point and its children).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tmp-'));
  const run = runApp({
    CONFIG_DIR: writeConfigDir({ 'dev.yaml': exampleConfig('dev'), 'prod.yaml': prod }),
    CDK_OUTDIR: outdir,
    TMPDIR: tmp,
  });

  test('exits 2', () => {
    expect(run.status).toBe(2);
  });

  test('names the file, path and value of each problem, and the fix', () => {
    expect(run.stderr).toMatch(/Invalid configuration \(2 problems\):/);
    expect(run.stderr).toMatch(
      /prod\.yaml: environment\.region: unknown AWS region "mars-1"; use a region code such as eu-west-1/,
    );
    expect(run.stderr).toMatch(/prod\.yaml: network\.availabilityZones: is required/);
  });

  test('prints no stack trace', () => {
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  test('writes nothing', () => {
    expect(fs.existsSync(outdir)).toBe(false);
  });

  // That the children are started and stopped: test/lib/synth.test.ts (ParallelSynth.cancel).
  test('leaves nothing in its temporary directory', () => {
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});

// Two processes (the Dev environment and the Org stage of config/organization.yaml), the merge of their findings
// and the summary, end to end. Prod would be a third process of the same kind: it adds CPU, not coverage.
describe('bin/app.ts on a finding (an environment and the Org stage, one process each, merged)', () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'out-')), 'cdk.out');
  const configDir = writeConfigDir({
    'dev.yaml': fs.readFileSync(path.join(ROOT, 'config', 'dev.yaml'), 'utf8'),
    'organization.yaml': fs.readFileSync(path.join(ROOT, 'config', 'organization.yaml'), 'utf8'),
  });
  const run = runApp({
    CONFIG_DIR: configDir,
    CDK_OUTDIR: outdir,
    NODE_OPTIONS: `--require ${path.join(ROOT, 'test', 'fixtures', 'gate', 'insecure-bucket.js')}`,
  });

  test('exits 1', () => {
    expect(run.status).toBe(1);
  });

  test('lists the finding of the environment and of the Org stage with its construct path', () => {
    expect(run.stdout).toMatch(/^ {2}\[error\] AwsSolutions-S1 at Dev\/Foundation\/InsecureFixtureBucket:/m);
    expect(run.stdout).toMatch(/^ {2}\[error\] AwsSolutions-S1 at Org\/[\w-]+\/InsecureFixtureBucket:/m);
  });

  test('still writes the merged assembly for inspection (with the Org stage of config/organization.yaml)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.artifacts).filter((a) => a.startsWith('assembly-'))).toEqual([
      'assembly-Org',
      'assembly-Dev',
    ]);
  });
});
