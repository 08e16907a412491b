import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { filesOfShard, ROOT, TIMINGS_OUT } = require('./select') as {
  filesOfShard: (index: number) => string[];
  ROOT: string;
  TIMINGS_OUT: string;
};

/**
 * Runs the test files of shard `index` in this one module registry (see select.js), each under its own name,
 * and records how long each file took (loading, hooks and tests) in TIMINGS_OUT, from which
 * `npm run test:timings` refreshes test/shards/timings.json (what select.js balances the shards by).
 */
export function runShard(index: number): void {
  const files = filesOfShard(index);
  const seconds: Record<string, number> = {};
  test(`shard ${index} has test files`, () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    const name = path.relative(ROOT, file);
    describe(name, () => {
      let started = 0;
      beforeAll(() => {
        started = performance.now();
      });
      const loading = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
      const loaded = (performance.now() - loading) / 1000;
      afterAll(() => {
        seconds[name] = loaded + (performance.now() - started) / 1000;
      });
    });
  }
  afterAll(() => {
    const out = path.join(TIMINGS_OUT, `shard-${index}.json`);
    fs.mkdirSync(TIMINGS_OUT, { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(seconds, null, 2)}\n`);
  });
}
