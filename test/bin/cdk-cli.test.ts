import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { TEST_ASSEMBLY_DIR } from '../support/assembly';

/** Every manifest of a cloud assembly, nested stage assemblies included. */
function manifests(dir: string): { file: string; missing?: unknown[] }[] {
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nested = Object.values(manifest.artifacts ?? {}).flatMap((a: any) =>
    a.type === 'cdk:cloud-assembly' ? manifests(path.join(dir, a.properties.directoryName)) : [],
  );
  return [{ file, missing: manifest.missing }, ...nested];
}

describe('synth is offline', () => {
  test('no assembly manifest records a context lookup', () => {
    const found = manifests(TEST_ASSEMBLY_DIR);
    expect(found.length).toBe(5); // the app, its two stages and their Bootstrap stages
    expect(found.filter((m) => m.missing !== undefined)).toEqual([]);
  });
});

// The whole app's assemblies are checked for lookups above (the shared synth); the CLI runs below synthesize one
// environment each to keep the suite fast: a lookup would fail them the same way.
describe('the CDK CLI without AWS credentials', () => {
  // No credentials anywhere the SDK would look, and no instance metadata to ask.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-aws-'));
  Object.assign(env, {
    AWS_CONFIG_FILE: path.join(empty, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(empty, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  });
  const cdk = (...args: string[]) =>
    spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk'), args, { cwd: ROOT, env, encoding: 'utf8' });

  test('`cdk synth -q -c env=prod` synthesizes and prints the summary once', () => {
    const out = path.join(empty, 'cdk.out');
    const run = cdk('synth', '-q', '-c', 'env=prod', '-o', out);
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    expect(`${run.stdout}${run.stderr}`.match(/Unacknowledged findings: 0/g)).toHaveLength(1);
    expect(manifests(out).filter((m) => m.missing !== undefined)).toEqual([]);
    expect(fs.existsSync(path.join(ROOT, 'cdk.context.json'))).toBe(false);
  });

  test('`cdk ls` lists the stacks of the synthesized assembly', () => {
    // Reads the assembly the test above synthesized (running the app again would prove nothing more).
    const run = cdk('ls', '--app', path.join(empty, 'cdk.out'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Prod\/Foundation \(Prod-Foundation\)$/m);
    expect(run.stdout).not.toMatch(/^Dev\//m);
  });

  test("the pipeline's selection `cdk ls 'Prod/*'` does not select the one-time Bootstrap stage", () => {
    const app = path.join(empty, 'cdk.out');
    const pipeline = cdk('ls', 'Prod/*', '--app', app);
    expect(pipeline.status).toBe(0);
    expect(pipeline.stdout).toMatch(/^Prod\/PermissionsBoundary /m);
    expect(pipeline.stdout).not.toMatch(/Bootstrap/);
    const bootstrap = cdk('ls', 'Prod/Bootstrap/Policies', '--app', app);
    expect(bootstrap.stdout).toMatch(/^Prod\/Bootstrap\/Policies \(Prod-Bootstrap-Policies\)$/m);
  });
});
