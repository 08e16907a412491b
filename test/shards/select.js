// Which test files run inside a shard. A jest test file gets its own module registry, so every file loads
// aws-cdk-lib, zod, the simulator and the project's modules again (seconds of CPU for the files that build
// stacks); the shards (test/shards/cdk-N.test.ts) require many files into one registry, so each module loads
// once per shard (measured: 224 s -> 177 s of CPU for the suite when only the stack-building files were sharded). Each file keeps its own
// name and place in the tree and runs under a describe block named after it.
//
// `npm test` runs the shards; `npx jest <path or pattern>` (or JEST_SHARDS=0) runs files one by one, as usual.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const TEST_DIR = path.join(ROOT, 'test');
/** Shards; jest runs them on its workers like any other file, alongside the unsharded files. */
const SHARD_COUNT = 4;

/**
 * Kept on their own: module mocks and spies, environment variables changed at the top level, processes started.
 * A shard shares one module registry and one process.env, so such files could leak into the others.
 */
const KEEPS_OWN_REGISTRY =
  /jest\.(mock|doMock|spyOn|useFakeTimers|isolateModules|replaceProperty|resetModules)|mockClient\(|process\.env(\.[A-Z_]+|\[[^\]]+\]) *=|delete process\.env|Object\.assign\(process\.env|process\.chdir|child_process/;

function testFiles(dir = TEST_DIR) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return file === __dirname ? [] : testFiles(file);
    return e.name.endsWith('.test.ts') ? [file] : [];
  });
}

/** Every sharded test file, sorted. */
function shardedFiles() {
  return testFiles()
    .filter((f) => {
      const source = fs.readFileSync(f, 'utf8');
      return !KEEPS_OWN_REGISTRY.test(source);
    })
    .sort();
}

/**
 * The files of shard `index` (1-based): sorted by size, largest first, each to the lightest shard so far
 * (size stands in for run time, which a fresh clone does not know).
 */
function filesOfShard(index) {
  const load = Array.from({ length: SHARD_COUNT }, () => ({ size: 0, files: [] }));
  const bySize = shardedFiles()
    .map((f) => ({ f, size: fs.statSync(f).size }))
    .sort((a, b) => b.size - a.size || a.f.localeCompare(b.f));
  for (const { f, size } of bySize) {
    const lightest = load.reduce((min, s) => (s.size < min.size ? s : min));
    lightest.size += size;
    lightest.files.push(f);
  }
  return load[index - 1].files.sort();
}

/** Whether this jest run is `npm test` (no file arguments) rather than a run of chosen files. */
function shardsWanted(argv = process.argv.slice(2)) {
  if (process.env.JEST_SHARDS === '0') return false;
  if (process.env.JEST_SHARDS === '1') return true;
  return !argv.some((a, i) => !a.startsWith('-') && !TAKES_VALUE.has(argv[i - 1]));
}

/** jest options whose value may follow as the next argument (not a file pattern). */
const TAKES_VALUE = new Set([
  '-t',
  '--testNamePattern',
  '-c',
  '--config',
  '-w',
  '--maxWorkers',
  '--outputFile',
  '--reporters',
  '--testTimeout',
  '--shard',
  '--seed',
  '--selectProjects',
  '--coverageDirectory',
]);

module.exports = { ROOT, SHARD_COUNT, filesOfShard, shardedFiles, shardsWanted, testFiles };
