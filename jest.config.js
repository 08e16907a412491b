/** Fast by construction: esbuild transpiles (type-checking is `npm run typecheck`), node environment. */
const { shardedFiles, shardsWanted } = require('./test/shards/select');

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// `npm test`: most files run inside test/shards/cdk-N.test.ts, one per core (one load of aws-cdk-lib and the
// project per shard, not per file: 68 s -> 45 s of CPU for the same files); `npx jest <path>` runs the chosen
// files on their own, as usual (test/shards/select.js).
const testPathIgnorePatterns = shardsWanted()
  ? ['/node_modules/', ...shardedFiles().map((f) => `^${escape(f)}$`)]
  : ['/node_modules/', '<rootDir>/test/shards/'];

// A larger young generation: CDK apps allocate many short-lived objects, and the default 16 MB semi-space
// scavenges them often (~6% of a shard's CPU). Inherited by the workers and the processes tests start.
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? '')) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=32`.trim();
}

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns,
  transform: { '^.+\\.ts$': '<rootDir>/scripts/ts-transform.js' },
  globalSetup: '<rootDir>/test/global-setup.ts',
  // The shards start first also in a run without jest's cache of durations (test/shards/sequencer.js).
  testSequencer: '<rootDir>/test/shards/sequencer.js',
  // Unit tests synthesize without aws-cdk-lib's built-in CloudFormation validator (it costs ~3 s to start in
  // every test file); the shared whole-app synth of global-setup.ts runs it, and the tests about it opt in.
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // Jest defaults to cores - 1 workers; on the 2-core CI machine that is one. The shared synth runs
  // before any worker starts, so both cores can run test files.
  maxWorkers: '100%',
  testTimeout: 120000,
};
