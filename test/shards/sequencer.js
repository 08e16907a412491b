// The order jest starts the test files in: the shards first, longest expected first, then every other file in
// jest's own order (failed first, then longest first by the durations in its cache, else largest first).
//
// Each shard runs for about 30 s of the ~40 s suite, while the other files take 10 s or less. Jest knows that
// only from its cache of earlier runs; in a first run (a fresh clone, CI) it starts the files by size, and the
// shards, which are two-line files, started last: `npm test` on a fresh clone took 10.9 s + 45.6 s instead of
// 5.2 s + 40.5 s with the cache.
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const { ROOT, SHARD_COUNT, filesOfShard } = require('./select');

/** The shard files (test/shards/cdk-N.test.ts) by their expected seconds: the recorded timings of their files. */
function shardSeconds() {
  let timings = {};
  try {
    timings = require('./timings.json');
  } catch {
    // No timings: every shard expects 0 s, and the shards keep their number order.
  }
  const seconds = new Map();
  for (let i = 1; i <= SHARD_COUNT; i++) {
    const files = filesOfShard(i);
    seconds.set(
      path.join(__dirname, `cdk-${i}.test.ts`),
      files.reduce((sum, f) => sum + (timings[path.relative(ROOT, f)] ?? 0), 0),
    );
  }
  return seconds;
}

class ShardsFirst extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const seconds = shardSeconds();
    const shards = ordered.filter((t) => seconds.has(t.path));
    shards.sort((a, b) => seconds.get(b.path) - seconds.get(a.path) || a.path.localeCompare(b.path));
    return [...shards, ...ordered.filter((t) => !seconds.has(t.path))];
  }
}

module.exports = ShardsFirst;
