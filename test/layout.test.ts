import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../lib/app';
import { packageImports, relativeImports, tsFilesUnder } from './support/imports';

/** `file -> imported file` for every relative import under `dir` that leaves the allowed top-level folders. */
function importsOutside(root: string, dir: string, allowed: readonly string[]): string[] {
  const files = tsFilesUnder(path.join(root, dir));
  expect(files.length).toBeGreaterThan(0);
  return files.flatMap((file) =>
    relativeImports(file)
      .filter((target) => !allowed.includes(path.relative(root, target).split(path.sep)[0]))
      .map((target) => `${path.relative(root, file)} -> ${path.relative(root, target)}`),
  );
}

describe('arrows point down only (STYLE.md "The house")', () => {
  test('nothing under constructs/ imports lib/, compliance/ or report/', () => {
    expect(importsOutside(ROOT, 'constructs', ['constructs'])).toEqual([]);
  });

  test('the synth gate (compliance/) imports only constructs/core, never the app or the report', () => {
    expect(importsOutside(ROOT, 'compliance', ['compliance', 'constructs'])).toEqual([]);
    const constructs = tsFilesUnder(path.join(ROOT, 'compliance'))
      .flatMap(relativeImports)
      .map((target) => path.relative(ROOT, target))
      .filter((target) => target.startsWith(`constructs${path.sep}`));
    expect(constructs.length).toBeGreaterThan(0);
    expect(constructs.filter((t) => !t.startsWith(path.join('constructs', 'core') + path.sep))).toEqual([]);
  });

  test('the report (report/) reads cdk.out: it imports no stack, config or app code', () => {
    expect(importsOutside(ROOT, 'report', ['report', 'compliance', 'constructs', 'proofs'])).toEqual([]);
  });

  test('the proofs (proofs/) read a cloud assembly: of the project they import only the attack catalog data', () => {
    const outside = importsOutside(ROOT, 'proofs', ['proofs']);
    expect(outside.every((i) => i.endsWith(` -> ${path.join('compliance', 'attack-catalog.ts')}`))).toBe(
      true,
    );
    expect(relativeImports(path.join(ROOT, 'compliance', 'attack-catalog.ts'))).toEqual([]);
  });

  test('the proofs (proofs/) use Node, the policy evaluator and the YAML parser only, never aws-cdk-lib, constructs or cdk-nag', () => {
    const packages = tsFilesUnder(path.join(ROOT, 'proofs')).flatMap(packageImports);
    expect(packages.length).toBeGreaterThan(0);
    expect(
      [...new Set(packages)].filter(
        (p) => !p.startsWith('node:') && p !== '@cloud-copilot/iam-simulate' && p !== 'yaml',
      ),
    ).toEqual([]);
  });

  test('fails if a construct imports the app', () => {
    // GIVEN a construct that reaches up into lib/
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layout-'));
    fs.mkdirSync(path.join(root, 'constructs', 'x'), { recursive: true });
    fs.mkdirSync(path.join(root, 'lib'));
    fs.writeFileSync(path.join(root, 'lib', 'app.ts'), 'export const A = 1;\n');
    fs.writeFileSync(
      path.join(root, 'constructs', 'x', 'c.ts'),
      "import { A } from '../../lib/app';\nexport const C = A;\n",
    );
    // THEN the check names the import
    expect(importsOutside(root, 'constructs', ['constructs'])).toEqual([
      `${path.join('constructs', 'x', 'c.ts')} -> ${path.join('lib', 'app.ts')}`,
    ]);
  });
});
