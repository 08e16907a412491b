/** Fast by construction: transpile only (type-checking is `npm run typecheck`), node environment. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Jest defaults to cores - 1 workers; on the 2-core CI machine that is one. The shared synth runs
  // before any worker starts, so both cores can run test files.
  maxWorkers: '100%',
  testTimeout: 120000,
};
