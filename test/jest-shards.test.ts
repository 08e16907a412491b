// eslint-disable-next-line @typescript-eslint/no-require-imports
const select = require('./shards/select') as {
  ROOT: string;
  OWN_WORKER: Set<string>;
  SHARD_COUNT: number;
  filesOfShard: (index: number) => string[];
  shardedFiles: () => string[];
  shardsWanted: (argv: string[]) => boolean;
  testFiles: () => string[];
};
import * as fs from 'node:fs';
import * as path from 'node:path';
import JestSequencer from '@jest/test-sequencer';
import { packageImports, relativeImports } from './support/imports';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ShardsFirst = require('./shards/sequencer') as typeof JestSequencer;

describe('test shards (test/shards/select.js)', () => {
  test('every sharded file runs in exactly one shard', () => {
    const shards = Array.from({ length: select.SHARD_COUNT }, (_, i) => select.filesOfShard(i + 1));
    for (const files of shards) expect(files.length).toBeGreaterThan(0);
    const all = shards.flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(select.shardedFiles());
  });

  test('files with module mocks or env changes keep their own registry', () => {
    const sharded = new Set(select.shardedFiles());
    const own = select.testFiles().filter((f) => !sharded.has(f) && !select.OWN_WORKER.has(f));
    expect(own.length).toBeGreaterThan(0);
    for (const f of own) {
      expect(fs.readFileSync(f, 'utf8')).toMatch(/jest\.|mockClient\(|process\.env|process\.chdir/);
    }
    for (const f of sharded) expect(fs.readFileSync(f, 'utf8')).not.toMatch(/jest\.mock\(|mockClient\(/);
  });

  test('the end-to-end synth file runs on its own worker and loads no CDK code there', () => {
    expect(select.OWN_WORKER.size).toBeGreaterThan(0);
    for (const f of select.OWN_WORKER) {
      expect(select.testFiles()).toContain(f);
      expect(select.shardedFiles()).not.toContain(f);
      // Nothing it imports, directly or through other files, loads aws-cdk-lib, constructs or cdk-nag.
      const seen = new Set<string>();
      const todo = [f];
      const cdk: string[] = [];
      while (todo.length > 0) {
        const file = todo.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        cdk.push(...packageImports(file).filter((p) => /^(aws-cdk-lib|constructs|cdk-nag)(\/|$)/.test(p)));
        todo.push(...relativeImports(file));
      }
      expect(seen.size).toBeGreaterThan(1);
      expect(cdk).toEqual([]);
    }
  });

  test('`npm test` (no file arguments) runs the shards; `npx jest <path>` runs the chosen files', () => {
    const env = process.env.JEST_SHARDS;
    delete process.env.JEST_SHARDS;
    try {
      expect(select.shardsWanted([])).toBe(true);
      expect(select.shardsWanted(['--maxWorkers', '1', '-t', 'some title'])).toBe(true);
      expect(select.shardsWanted(['test/constructs/kms'])).toBe(false);
      expect(select.shardsWanted(['--maxWorkers=1', 'test/layout.test.ts'])).toBe(false);
    } finally {
      if (env !== undefined) process.env.JEST_SHARDS = env;
    }
  });

  test(`the shards start first in a run without jest's cache of durations (a fresh clone), the rest in jest's order`, () => {
    // What jest hands the sequencer: each file with its context; no cache, so jest orders by file size.
    const context = {
      config: { cache: false, rootDir: select.ROOT },
      hasteFS: { getSize: (f: string) => fs.statSync(f).size },
    };
    const shards = Array.from({ length: select.SHARD_COUNT }, (_, i) =>
      path.join(select.ROOT, 'test', 'shards', `cdk-${i + 1}.test.ts`),
    );
    // The files of `npm test`: the shards and the files that are in none.
    const sharded = new Set(select.shardedFiles());
    const files = [...select.testFiles().filter((f) => !sharded.has(f)), ...shards];
    const tests = () => files.map((f) => ({ path: f, context }) as never);
    const order = (s: JestSequencer) => (s.sort(tests()) as { path: string }[]).map((t) => t.path);

    const jests = order(new JestSequencer({} as never));
    const ours = order(new ShardsFirst({} as never));
    // Jest's own order starts the two-line shard files last.
    expect(jests.slice(-shards.length).sort()).toEqual(shards);
    expect(ours.slice(0, shards.length).sort()).toEqual(shards);
    expect(ours.slice(shards.length)).toEqual(jests.filter((f) => !shards.includes(f)));
  });
});
