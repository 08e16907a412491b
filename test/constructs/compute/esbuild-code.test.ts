import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleCached } from '../../../constructs/compute/esbuild-code';

/** A tiny project: an entry that imports a dependency, bundled like a Lambda handler. */
function project() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'esbuild-code-'));
  fs.writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
  fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
  fs.writeFileSync(path.join(root, 'dep.ts'), 'export const greeting = "hello";\n');
  fs.writeFileSync(
    path.join(root, 'index.ts'),
    'import { greeting } from "./dep";\nexport const handler = () => greeting;\n',
  );
  const build = (outDir: string) =>
    bundleCached(
      {
        absWorkingDir: root,
        entryPoints: [path.join(root, 'index.ts')],
        bundle: true,
        platform: 'node',
        target: 'node24',
        outfile: path.join(outDir, 'index.js'),
      },
      path.join(root, 'cache'),
    );
  const out = () => fs.mkdtempSync(path.join(os.tmpdir(), 'esbuild-out-'));
  return { root, build, out };
}

describe('bundleCached', () => {
  test('the second build of unchanged sources comes from the cache, byte-identical', () => {
    const p = project();
    const [first, second] = [p.out(), p.out()];
    expect(p.build(first)).toBe(false);
    expect(p.build(second)).toBe(true);
    const read = (dir: string) => fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
    expect(read(second)).toBe(read(first));
    expect(read(first)).toContain('hello');
  });

  test('a change in an imported file (not only the entry) builds again', () => {
    const p = project();
    p.build(p.out());
    fs.writeFileSync(path.join(p.root, 'dep.ts'), 'export const greeting = "changed";\n');
    const again = p.out();
    expect(p.build(again)).toBe(false);
    expect(fs.readFileSync(path.join(again, 'index.js'), 'utf8')).toContain('changed');
  });

  test('a change in package-lock.json builds again', () => {
    const p = project();
    p.build(p.out());
    fs.writeFileSync(path.join(p.root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    expect(p.build(p.out())).toBe(false);
  });
});
