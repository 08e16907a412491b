/** Fast by construction: esbuild transpiles (type-checking is `npm run typecheck`), node environment. */
const { shardedFiles, shardsWanted } = require('./test/shards/select');

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// `npm test`: the files that build stacks run inside test/shards/cdk-N.test.ts (one aws-cdk-lib load per
// shard, not per file); `npx jest <path>` runs the chosen files on their own, as usual (test/shards/select.js).
const testPathIgnorePatterns = shardsWanted()
  ? ['/node_modules/', ...shardedFiles().map((f) => `^${escape(f)}$`)]
  : ['/node_modules/', '<rootDir>/test/shards/'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns,
  transform: { '^.+\\.ts$': '<rootDir>/scripts/ts-transform.js' },
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Unit tests synthesize without aws-cdk-lib's built-in CloudFormation validator (it costs ~3 s to start in
  // every test file); the shared whole-app synth of global-setup.ts runs it, and the tests about it opt in.
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // Jest defaults to cores - 1 workers; on the 2-core CI machine that is one. The shared synth runs
  // before any worker starts, so both cores can run test files.
  maxWorkers: '100%',
  testTimeout: 120000,
};
