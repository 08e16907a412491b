// `node -r ./scripts/ts-register.js file.ts`: runs TypeScript through the local esbuild (scripts/ts-transform.js).
// Far faster to start than ts-node, which loads and runs the TypeScript compiler for every file. Transpiled
// files are cached under node_modules/.cache/ts-register, keyed by their content and the transform itself,
// so the per-environment synth processes and the CDK CLI do not transpile the same files again.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { cacheSalt, transform } = require('./ts-transform');

// Stack traces (errors, CDK construct traces) point at the TypeScript lines.
process.setSourceMapsEnabled(true);
// The compiled code of node_modules, and where the packages' requires lead, are kept between runs.
require('./v8-code-cache');
require('./resolve-cache');

const CACHE = path.join(__dirname, '..', 'node_modules', '.cache', 'ts-register');

function compiled(source, filename) {
  const key = crypto.createHash('sha256').update(cacheSalt).update(filename).update(source).digest('hex');
  const file = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const { code } = transform(source, filename, 'inline');
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      // Written under a unique name, then renamed: parallel processes never read a half-written file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, file);
    } catch {
      // A read-only checkout still runs, only without the cache.
    }
    return code;
  }
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(compiled(fs.readFileSync(filename, 'utf8'), filename), filename);
};
