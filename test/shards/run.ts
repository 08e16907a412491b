import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { filesOfShard, ROOT } = require('./select') as {
  filesOfShard: (index: number) => string[];
  ROOT: string;
};

/** Runs the test files of shard `index` in this one module registry (see select.js), each under its own name. */
export function runShard(index: number): void {
  const files = filesOfShard(index);
  test(`shard ${index} has test files`, () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    describe(path.relative(ROOT, file), () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
    });
  }
}
