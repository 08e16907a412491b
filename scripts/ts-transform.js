// TypeScript to CommonJS with the local esbuild, transpile only (`npm run typecheck` checks the types).
// Used by the node require hook (scripts/ts-register.js: the app, scripts and the CDK CLI) and by jest
// (jest.config.js), so the app and the tests compile the same way. isolatedModules in tsconfig.json
// keeps every file transpilable on its own.
const crypto = require('node:crypto');
const fs = require('node:fs');
const esbuild = require('esbuild');

/** What tsconfig.json would make tsc emit for these files (class fields as in ES2022). */
const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  // `await import('./x')` becomes a require, as tsc does for module commonjs (node's ESM loader would not find
  // the extension-less .ts file).
  supported: { 'dynamic-import': false },
  tsconfigRaw: {
    compilerOptions: { target: 'ES2022', useDefineForClassFields: true, esModuleInterop: true },
  },
};

/** @param {'inline' | 'external'} sourcemap */
function transform(source, filename, sourcemap) {
  return esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename, sourcemap });
}

/** Changes whenever the output could: the esbuild version and this file. */
const cacheSalt = crypto.createHash('sha256').update(esbuild.version).update(fs.readFileSync(__filename)).digest('hex');

/** jest transformer (https://jestjs.io/docs/code-transformation). */
const jestTransformer = {
  process(source, filename) {
    const { code, map } = transform(source, filename, 'external');
    return { code, map };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha256').update(cacheSalt).update(filename).update(source).digest('hex');
  },
};

module.exports = { cacheSalt, transform, ...jestTransformer };
