import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The project root (not imported from lib/app: this file loads no CDK code). */
const ROOT = path.resolve(__dirname, '..', '..');
const HOOK = path.join(ROOT, 'scripts', 'v8-code-cache.js');

/**
 * A package under node_modules whose functions report where they run (stack positions on its first and
 * second line), what Node passes to a module, and a value `version` to tell two contents apart.
 */
function packageSource(version: string): string {
  return (
    `"use strict";function where(){return new Error("x").stack.split("\\n")[1].trim()}` +
    `module.exports={where,version:${JSON.stringify(version)},dirname:__dirname,filename:__filename,` +
    `resolved:require.resolve("./index.js"),same:require("./index.js")===module.exports,main:require.main===undefined,` +
    `extra:require("./extra.cjs")};\n` +
    `module.exports.second=function(){return new Error("y").stack.split("\\n")[1].trim()};\n`
  );
}

describe('scripts/v8-code-cache.js (compiled code of node_modules kept between runs)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'v8-code-'));
  const cache = path.join(dir, 'cache');
  const pkg = path.join(dir, 'node_modules', 'pkg');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'index.js'), packageSource('A'));
  // zod, for one, ships .cjs files.
  fs.writeFileSync(path.join(pkg, 'extra.cjs'), 'module.exports = "cjs";\n');
  const script = `const p=require('pkg');console.log(JSON.stringify({...p,where:p.where(),second:p.second(),stats:require(${JSON.stringify(HOOK)}).stats}))`;

  /** Runs the script in a fresh process, with the hook or with Node's own loader. */
  const run = (hook: boolean, flags: string[] = []) => {
    const r = spawnSync(process.execPath, [...flags, ...(hook ? ['-r', HOOK] : []), '-e', script], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '', BASELINE_V8_CODE_CACHE: cache },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as Record<string, unknown> & {
      stats: { fromCache: number; compiled: number };
    };
  };
  /** What the package reported, without the hook's counts. */
  const seen = (r: ReturnType<typeof run>) => {
    const copy: Record<string, unknown> = { ...r };
    delete copy.stats;
    return copy;
  };
  // Node's own loader (the script loads the hook only after the package, to read its counts).
  const node = seen(run(false));
  const first = run(true);
  const second = run(true);

  test('a module sees what Node gives it, and stack positions are those of the file (line 1 included)', () => {
    expect(node.where).toMatch(/index\.js:1:\d+\)$/);
    expect(seen(first)).toEqual(node);
    expect(seen(second)).toEqual(node);
  });

  test('the first run compiles and keeps the code; the next compiles nothing', () => {
    expect(first.stats).toEqual({ fromCache: 0, compiled: 2 });
    expect(fs.readdirSync(cache)).toHaveLength(2);
    expect(second.stats).toEqual({ fromCache: 2, compiled: 0 });
  });

  test('an edited file of the same length is compiled again, never run from the old code', () => {
    fs.writeFileSync(path.join(pkg, 'index.js'), packageSource('B'));
    const edited = run(true);
    expect(edited.version).toBe('B');
    expect(edited.stats).toEqual({ fromCache: 1, compiled: 1 });
    fs.writeFileSync(path.join(pkg, 'index.js'), packageSource('A'));
  });

  test('other V8 flags keep their own code, so two entry points do not replace each other’s', () => {
    expect(run(true, ['--no-opt']).stats).toEqual({ fromCache: 0, compiled: 2 });
    expect(run(true).stats).toEqual({ fromCache: 2, compiled: 0 });
    expect(run(true, ['--no-opt']).stats).toEqual({ fromCache: 2, compiled: 0 });
  });
});
