import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { TEST_ASSEMBLY_DIR } from '../support/assembly';
import { CLI_RUN_FILE, type CliRun, runCdk } from '../support/cli';

/** Every manifest of a cloud assembly, nested stage assemblies included. */
function manifests(dir: string): { file: string; missing?: unknown[] }[] {
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nested = Object.values(manifest.artifacts ?? {}).flatMap((a: any) =>
    a.type === 'cdk:cloud-assembly' ? manifests(path.join(dir, a.properties.directoryName)) : [],
  );
  return [{ file, missing: manifest.missing }, ...nested];
}

// test/global-setup.ts synthesizes the shared assembly with `cdk synth -q` on a machine without AWS
// credentials and records the run next to it: the whole app through the CLI, once per test run.
describe('the CDK CLI without AWS credentials', () => {
  const run = JSON.parse(fs.readFileSync(path.join(TEST_ASSEMBLY_DIR, CLI_RUN_FILE), 'utf8')) as CliRun;

  test("`cdk synth -q` of every environment exits 0; stderr holds only the CLI's own success lines", () => {
    expect(run.args.slice(0, 2)).toEqual(['synth', '-q']);
    // With several stacks and no stack id, the CLI prints where it wrote the assembly and how to see one.
    const rest = run.stderr
      .split('\n')
      .filter((l) => l.trim() !== '')
      .filter(
        (l) =>
          !/^(Successfully synthesized to .*|Supply a stack id \(.*\) to display its template\.)$/.test(l),
      );
    expect({ status: run.status, stderr: rest }).toEqual({ status: 0, stderr: [] });
  });

  test('prints the compliance summary once', () => {
    expect(`${run.stdout}${run.stderr}`.match(/Unacknowledged findings: 0/g)).toHaveLength(1);
  });

  test('records no context lookup in any assembly manifest and writes no cdk.context.json', () => {
    const found = manifests(TEST_ASSEMBLY_DIR);
    expect(found.length).toBe(6); // the app, its two environments, their Bootstrap stages and the Org stage
    expect(found.filter((m) => m.missing !== undefined)).toEqual([]);
    expect(run.contextFileWritten).toBe(false);
    expect(fs.existsSync(path.join(ROOT, 'cdk.context.json'))).toBe(false);
  });

  test('runs the app with the command of `npm run synth:only` (the same node flags, measured by `npm run bench`)', () => {
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    expect(read('cdk.json').app).toBe(read('package.json').scripts['synth:only']);
  });

  const cdk = (...args: string[]) => runCdk(args);

  // Two CLI runs (each ~1 s of CPU with the code cache, ~2 s without): the plain listing and the pipeline's selection.
  test('`cdk ls` lists the stacks of the synthesized assembly, the one-time Bootstrap stage included', () => {
    const ls = cdk('ls', '--app', TEST_ASSEMBLY_DIR);
    expect(ls.status).toBe(0);
    expect(ls.stdout).toMatch(/^Prod\/Foundation \(Prod-Foundation\)$/m);
    expect(ls.stdout).toMatch(/^Dev\/Foundation \(Dev-Foundation\)$/m);
    // Listed under its own path: `npx cdk deploy <Env>/Bootstrap/Policies` selects it (docs/runbook.md).
    expect(ls.stdout).toMatch(/^Prod\/Bootstrap\/Policies \(Prod-Bootstrap-Policies\)$/m);
  });

  test("the pipeline's selection `cdk ls 'Prod/*'` does not select the one-time Bootstrap stage", () => {
    const pipeline = cdk('ls', 'Prod/*', '--app', TEST_ASSEMBLY_DIR);
    expect(pipeline.status).toBe(0);
    expect(pipeline.stdout).toMatch(/^Prod\/PermissionsBoundary /m);
    expect(pipeline.stdout).toMatch(/^Prod\/Foundation /m);
    expect(pipeline.stdout).not.toMatch(/Bootstrap/);
    expect(pipeline.stdout).not.toMatch(/^Dev\//m);
  });
});
