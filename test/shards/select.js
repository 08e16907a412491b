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

/** Seconds each sharded file took in a shard (test/shards/run.ts records them; `npm run test:timings` saves them). */
const TIMINGS_FILE = path.join(__dirname, 'timings.json');
/** Where run.ts writes the timings of the last `npm test`. */
const TIMINGS_OUT = path.join(ROOT, 'node_modules', '.cache', 'jest-shards');
/** For a file with no recorded timing (a new one): seconds per byte of test source, as measured on average. */
const SECONDS_PER_BYTE = 1 / 5000;

function recordedTimings() {
  try {
    return JSON.parse(fs.readFileSync(TIMINGS_FILE, 'utf8'));
  } catch {
    return {};
  }
}

/**
 * The files of shard `index` (1-based): units (one file, or all the files of a shared fixture) sorted by
 * expected run time, longest first, each to the shard with the least so far. The expected run time is the
 * file's recorded timing (timings.json, from a whole `npm test` on the 2-core machine: loading, hooks,
 * child processes and tests), or for a file without one an estimate from its size.
 */
function filesOfShard(index) {
  const timings = recordedTimings();
  const load = Array.from({ length: SHARD_COUNT }, () => ({ seconds: 0, files: [] }));
  const shared = { files: [], seconds: 0 };
  const units = [];
  for (const f of shardedFiles()) {
    const seconds = timings[path.relative(ROOT, f)] ?? fs.statSync(f).size * SECONDS_PER_BYTE;
    if (SHARED_FIXTURE.test(fs.readFileSync(f, 'utf8'))) {
      shared.files.push(f);
      shared.seconds += seconds;
    } else units.push({ files: [f], seconds });
  }
  if (shared.files.length) units.push(shared);
  units.sort((a, b) => b.seconds - a.seconds || a.files[0].localeCompare(b.files[0]));
  for (const unit of units) {
    const lightest = load.reduce((min, s) => (s.seconds < min.seconds ? s : min));
    lightest.seconds += unit.seconds;
    lightest.files.push(...unit.files);
  }
  return load[index - 1].files.sort();
}

/** `npm run test:timings`: saves the timings of the last `npm test` (every shard) as timings.json. */
function saveTimings() {
  const measured = {};
  for (let i = 1; i <= SHARD_COUNT; i++) {
    const file = path.join(TIMINGS_OUT, `shard-${i}.json`);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm test\` first`);
    Object.assign(measured, JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  const sorted = Object.fromEntries(
    Object.keys(measured)
      .sort()
      .map((k) => [k, Math.round(measured[k] * 10) / 10]),
  );
  fs.writeFileSync(TIMINGS_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
  console.log(`${TIMINGS_FILE}: ${Object.keys(sorted).length} files`);
}

if (require.main === module && process.argv[2] === '--save-timings') saveTimings();

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

module.exports = {
  OWN_WORKER,
  ROOT,
  SHARD_COUNT,
  TIMINGS_OUT,
  filesOfShard,
  shardedFiles,
  shardsWanted,
  testFiles,
};
