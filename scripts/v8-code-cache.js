// V8's compiled code for the JavaScript of node_modules, kept between runs (loaded by scripts/ts-register.js).
//
// Every synth process loads about a thousand files of aws-cdk-lib, cdk-nag and the rest, and V8 compiles each
// again: about 1.1 s of CPU per process, and a synth runs four (lib/synth.ts). Node 20 has no compile cache of
// its own, so each file is compiled here as Node compiles it (the same module wrapper, run in this context)
// but with the code V8 produced for it in an earlier run (`cachedData`). The cache is written when the
// process exits, after the run: it then holds every function the run compiled, not only the top level.
// Measured on 2 cores (whole synth, alternating runs, 3 each): 3.5 s less CPU and 1.4 s less wall time. The
// first synth after an install pays for writing it (about 20 MB): 2.6 s more, once.
//
// The key is the Node version, the V8 flags, the file's path and its whole content, so an edited or upgraded
// package is compiled again; should V8 still reject the code, the file is compiled and its code kept again.
// Only node_modules: our TypeScript keeps Node's own loader, which maps stack traces through the source maps
// (scripts/ts-register.js).
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/** Where the code is kept (BASELINE_V8_CODE_CACHE overrides it for the tests). */
const CACHE =
  process.env.BASELINE_V8_CODE_CACHE ?? path.join(__dirname, '..', 'node_modules', '.cache', 'v8-code');
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

// V8 rejects code cached under another Node version or other V8 flags: each keeps its own (the synth's processes
// and `npm run report` run with different flags, and would otherwise replace each other's code every run).
const RUNTIME = JSON.stringify([
  process.version,
  process.arch,
  process.execArgv.filter((a) => a.startsWith('--')),
  process.env.NODE_OPTIONS ?? '',
]);

/** Scripts compiled without usable cached code in this process, and where to keep their code. */
const toKeep = [];
/** Files of this process compiled with their kept code, and from source (for the tests). */
const stats = { fromCache: 0, compiled: 0 };
module.exports = { stats };

const nodeCompile = Module.prototype._compile;
Module.prototype._compile = function compileWithCodeCache(content, filename, format) {
  // CommonJS files of node_modules only (Node passes 'module' for an ES module it may require).
  if (format === 'module' || !filename.includes(NODE_MODULES) || !/\.c?js$/.test(filename)) {
    return nodeCompile.call(this, content, filename, format);
  }
  const key = crypto
    .createHash('sha256')
    .update(RUNTIME)
    .update(filename)
    .update('\0')
    .update(content)
    .digest('hex');
  const file = path.join(CACHE, `${key}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(file);
  } catch {
    // Not kept yet: compiled from source, and kept when this process exits.
  }
  const script = new vm.Script(Module.wrap(content), {
    filename,
    // Positions in stack traces are those of the file, as Node reports them (the wrapper opens line 1).
    columnOffset: -Module.wrapper[0].length,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    stats.compiled++;
    toKeep.push({ script, file, rejected: cachedData !== undefined });
  } else {
    stats.fromCache++;
  }
  // What Node's own `_compile` passes to the module wrapper (lib/internal/modules/cjs/loader.js, makeRequireFunction).
  const module = this;
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  const wrapper = script.runInThisContext({ displayErrors: true });
  return wrapper.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
};

process.on('exit', () => {
  if (toKeep.length === 0) return;
  try {
    fs.mkdirSync(CACHE, { recursive: true });
  } catch {
    return; // A read-only checkout still runs, only without keeping the code.
  }
  for (const { script, file, rejected } of toKeep) {
    // A parallel process of the same synth may have kept this file's code already.
    if (!rejected && fs.existsSync(file)) continue;
    try {
      // Written under a unique name, then renamed: parallel processes never read a half-written file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, file);
    } catch {
      // Not kept: compiled from source next time.
    }
  }
});
