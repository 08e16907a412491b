import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { exampleConfig, writeConfigDir } from '../support/config';

describe('bin/app.ts on bad configuration', () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'out-')), 'cdk.out');
  const prod = exampleConfig('prod');
  prod.network = { cidr: '10.0.0.0/16' };
  prod.environment.region = 'mars-1';
  const run = spawnSync(process.execPath, ['-r', './scripts/ts-register.js', 'bin/app.ts'], {
    cwd: ROOT,
    env: { ...process.env, CONFIG_DIR: writeConfigDir({ 'prod.yaml': prod }), CDK_OUTDIR: outdir },
    encoding: 'utf8',
  });

  test('exits non-zero', () => {
    expect(run.status).toBe(2);
  });

  test('names the file, path and value of each problem', () => {
    expect(run.stderr).toMatch(/prod\.yaml: environment\.region: unknown AWS region "mars-1"/);
  });

  test('prints no stack trace', () => {
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  test('writes nothing', () => {
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
