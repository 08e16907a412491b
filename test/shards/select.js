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
const SHARD_COUNT = 2;

/**
 * Kept on their own: module mocks and spies, environment variables changed, the working directory changed.
 * A shard shares one module registry and one process.env, so such files could leak into the others. (Child
 * processes share neither: files that start them run in a shard.)
 */
const KEEPS_OWN_REGISTRY =
  /jest\.(mock|doMock|spyOn|useFakeTimers|isolateModules|replaceProperty|resetModules)|mockClient\(|process\.env(\.[A-Z_]+|\[[^\]]+\]) *=(?!=)|delete process\.env|Object\.assign\(process\.env|process\.chdir/;

/**
 * Kept on their own although they could share a registry: the end-to-end synths of bin/app.ts run in child
 * processes that keep both cores busy for ~15 s; as a file of its own (which loads next to nothing in Jest)
 * the scheduler runs it beside the shards instead of inside one of them, which would leave that shard last.
 */
const OWN_WORKER = new Set(['test/bin/app.test.ts'].map((f) => path.join(ROOT, f)));

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
      return !KEEPS_OWN_REGISTRY.test(source) && !OWN_WORKER.has(f);
    })
    .sort();
}

/**
 * Files that share a fixture built once per module registry (test/support/reports.ts: the compliance reports
 * of the test assembly) go into the same shard, so the fixture is built once per `npm test`.
 */
const SHARED_FIXTURE = /from '(\.\.\/)+support\/reports'/;

/**
 * The files of shard `index` (1-based): units (one file, or all the files of a shared fixture) sorted by
 * size, largest first, each to the lightest shard so far (size stands in for run time, which a fresh clone
 * does not know).
 */
function filesOfShard(index) {
  const load = Array.from({ length: SHARD_COUNT }, () => ({ size: 0, files: [] }));
  const shared = { files: [], size: 0 };
  const units = [];
  for (const f of shardedFiles()) {
    const size = fs.statSync(f).size;
    if (SHARED_FIXTURE.test(fs.readFileSync(f, 'utf8'))) {
      shared.files.push(f);
      shared.size += size;
    } else units.push({ files: [f], size });
  }
  if (shared.files.length) units.push(shared);
  units.sort((a, b) => b.size - a.size || a.files[0].localeCompare(b.files[0]));
  for (const unit of units) {
    const lightest = load.reduce((min, s) => (s.size < min.size ? s : min));
    lightest.size += unit.size;
    lightest.files.push(...unit.files);
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

module.exports = { OWN_WORKER, ROOT, SHARD_COUNT, filesOfShard, shardedFiles, shardsWanted, testFiles };
