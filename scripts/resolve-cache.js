// Where the packages' own `require` calls lead, kept between runs (loaded by scripts/ts-register.js).
//
// A synth process resolves about 3,000 requires from inside node_modules (aws-cdk-lib alone loads some
// thousand files), and Node looks each one up on disk again: stat calls, package.json reads and exports maps,
// about 0.3 s of CPU per process, and a synth runs four (lib/synth.ts). Measured in a Prod child: 290 ms ->
// 97 ms. Only lookups from a file under node_modules to a file under node_modules are kept, so the project's
// own files are always looked up afresh.
//
// The key is the Node version, the V8 and Node flags (`--conditions` changes exports maps), NODE_PATH and the
// content of node_modules/.package-lock.json, which npm rewrites on every install, update or removal: another
// set of packages starts an empty map. Editing files inside node_modules by hand is not seen; remove
// node_modules/.cache/resolve then.
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const NODE_MODULES = process.env.BASELINE_RESOLVE_NODE_MODULES ?? path.join(__dirname, '..', 'node_modules');
const INSIDE = `${NODE_MODULES}${path.sep}`;
/** Where the map is kept (BASELINE_RESOLVE_CACHE overrides it for the tests). */
const CACHE = process.env.BASELINE_RESOLVE_CACHE ?? path.join(NODE_MODULES, '.cache', 'resolve');

/** Lookups answered from the kept map in this process, and looked up on disk (for the tests). */
const stats = { fromCache: 0, resolved: 0 };
module.exports = { stats };

let installed;
try {
  installed = fs.readFileSync(path.join(NODE_MODULES, '.package-lock.json'));
} catch {
  // No npm install record (another package manager): nothing is kept.
}

if (installed !== undefined) {
  const key = crypto
    .createHash('sha256')
    .update(
      JSON.stringify([
        process.version,
        process.execArgv,
        process.env.NODE_OPTIONS ?? '',
        process.env.NODE_PATH ?? '',
      ]),
    )
    .update(installed)
    .digest('hex')
    .slice(0, 32);
  const file = path.join(CACHE, `${key}.json`);
  let known = Object.create(null);
  try {
    known = Object.assign(Object.create(null), JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    // Not kept yet: looked up on disk, and kept when this process exits.
  }
  let added = 0;

  const nodeResolve = Module._resolveFilename;
  Module._resolveFilename = function resolveWithCache(request, parent, isMain, options) {
    // `require.resolve(x, { paths })` and lookups from outside node_modules go to Node as they are.
    if (
      options !== undefined ||
      isMain ||
      typeof parent?.filename !== 'string' ||
      !parent.filename.startsWith(INSIDE) ||
      Module.isBuiltin(request)
    ) {
      return nodeResolve.call(this, request, parent, isMain, options);
    }
    // The same request from another file of the same directory resolves to the same file.
    const lookup = `${path.dirname(parent.filename)}\0${request}`;
    const kept = known[lookup];
    if (kept !== undefined) {
      stats.fromCache++;
      return kept;
    }
    stats.resolved++;
    const filename = nodeResolve.call(this, request, parent, isMain, options);
    if (filename.startsWith(INSIDE)) {
      known[lookup] = filename;
      added++;
    }
    return filename;
  };

  process.on('exit', () => {
    if (added === 0) return;
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      // Written under a unique name, then renamed: parallel processes never read a half-written file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(known));
      fs.renameSync(tmp, file);
    } catch {
      // A read-only checkout still runs, only without keeping the map.
    }
  });
}
