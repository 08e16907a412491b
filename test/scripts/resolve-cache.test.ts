import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The project root (not imported from lib/app: this file loads no CDK code). */
const ROOT = path.resolve(__dirname, '..', '..');
const HOOK = path.join(ROOT, 'scripts', 'resolve-cache.js');

describe('scripts/resolve-cache.js (where the packages’ requires lead, kept between runs)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-'));
  const nodeModules = path.join(dir, 'node_modules');
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  // A package that requires a directory, a file without its extension and a package with an exports map.
  write('node_modules/pkg/package.json', JSON.stringify({ name: 'pkg', main: 'main.js' }));
  write(
    'node_modules/pkg/main.js',
    "module.exports = [require('./lib'), require('./util'), require('dep/sub')];\n",
  );
  write('node_modules/pkg/lib/index.js', "module.exports = 'lib';\n");
  write('node_modules/pkg/util.js', "module.exports = 'util';\n");
  write(
    'node_modules/dep/package.json',
    JSON.stringify({ name: 'dep', exports: { './sub': './src/sub.cjs' } }),
  );
  write('node_modules/dep/src/sub.cjs', "module.exports = 'sub';\n");
  write('node_modules/.package-lock.json', '{"lockfileVersion":3,"packages":{}}\n');
  const cache = path.join(dir, 'cache');
  const script = `const v=require('pkg');console.log(JSON.stringify({v,files:Object.keys(require.cache).sort(),stats:require(${JSON.stringify(HOOK)}).stats}))`;

  /** Runs the script in a fresh process, with the hook or with Node's own resolution. */
  const run = (hook: boolean) => {
    const r = spawnSync(process.execPath, [...(hook ? ['-r', HOOK] : []), '-e', script], {
      cwd: dir,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        BASELINE_RESOLVE_NODE_MODULES: nodeModules,
        BASELINE_RESOLVE_CACHE: cache,
      },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as {
      v: string[];
      files: string[];
      stats: { fromCache: number; resolved: number };
    };
    // The hook itself is in require.cache only when it was preloaded.
    return { ...out, files: out.files.filter((f) => f !== HOOK) };
  };
  // Node's own resolution (the script loads the hook only after the package, to read its counts).
  const node = run(false);
  const first = run(true);
  const second = run(true);

  test('every require leads to the file Node resolves, from disk and from the kept map', () => {
    expect(node.v).toEqual(['lib', 'util', 'sub']);
    expect(node.files).toContain(path.join(nodeModules, 'dep', 'src', 'sub.cjs'));
    expect([first.v, first.files]).toEqual([node.v, node.files]);
    expect([second.v, second.files]).toEqual([node.v, node.files]);
  });

  test('the second run looks up nothing on disk that the package requires; the project’s own require is looked up', () => {
    // The three requires of pkg/main.js; `require('pkg')` comes from outside node_modules and goes to Node.
    expect(first.stats).toEqual({ fromCache: 0, resolved: 3 });
    expect(second.stats).toEqual({ fromCache: 3, resolved: 0 });
  });

  test('another install (node_modules/.package-lock.json changed) starts with nothing kept', () => {
    write('node_modules/.package-lock.json', '{"lockfileVersion":3,"packages":{"node_modules/dep":{}}}\n');
    const after = run(true);
    expect(after.stats).toEqual({ fromCache: 0, resolved: 3 });
    expect(after.files).toEqual(node.files);
  });
});
