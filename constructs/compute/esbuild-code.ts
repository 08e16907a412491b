import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync, version as esbuildVersion } from 'esbuild';

export interface EsbuildCodeProps {
  /** Absolute path of the handler file (TypeScript or JavaScript). */
  readonly entry: string;
  /** Directory the bundle is resolved from (where package-lock.json lives). */
  readonly projectRoot: string;
  /** esbuild target, e.g. `node24`. */
  readonly target: string;
}

/**
 * Lambda code bundled in-process with the project's pinned esbuild: one `index.js`, minified, no source
 * map, the AWS SDK bundled in (the versions package-lock.json pins). The same output `NodejsFunction`
 * writes with local bundling (so the same asset hash), without the `npx --no-install esbuild` child
 * process it starts per function (~0.8 s of every synth). Never Docker: a failed build throws.
 *
 * Bundles are cached on disk (see {@link bundleCached}): a synth whose handlers and their dependencies did
 * not change copies the previous output instead of bundling ~500 files again in every environment.
 */
export function esbuildCode(props: EsbuildCodeProps): lambda.AssetCode {
  const entry = path.resolve(props.entry);
  const relativeEntry = path.relative(props.projectRoot, entry);
  if (relativeEntry.startsWith('..')) {
    throw new Error(`esbuildCode: entry ${entry} is outside the project root ${props.projectRoot}`);
  }
  const args = [`--target=${props.target}`, '--platform=node', '--minify', '--log-level=error'];
  return lambda.Code.fromAsset(props.projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling below always succeeds or throws.
      image: DockerImage.fromRegistry('local-esbuild-only'),
      // Documents the build and keys the CDK's per-process bundling cache by entry.
      command: ['esbuild', '--bundle', relativeEntry, ...args],
      local: {
        tryBundle(outputDir: string): boolean {
          bundleCached(
            {
              absWorkingDir: props.projectRoot,
              entryPoints: [entry],
              bundle: true,
              target: props.target,
              platform: 'node',
              minify: true,
              logLevel: 'error',
              outfile: path.join(outputDir, 'index.js'),
            },
            path.join(props.projectRoot, 'node_modules', '.cache', 'esbuild-code'),
          );
          return true;
        },
      },
    },
  });
}

/** What the cache keeps of one build: every input file esbuild read, with the SHA-256 of its content. */
interface CacheRecord {
  readonly inputs: Record<string, string>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** SHA-256 of a file's content, or undefined when it cannot be read. */
function fileHash(file: string): string | undefined {
  try {
    return sha256(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * Runs `buildSync(options)` (one entry point, one `outfile`) unless `cacheDir` holds the output of a build
 * with the same options, the same esbuild, package-lock.json and tsconfig.json, and byte-identical input
 * files: esbuild's metafile lists every file the build read, and each one's content hash is checked. A miss,
 * or any doubt (a file gone or unreadable), builds again. The cache is best effort: a read-only checkout builds
 * every time. Returns whether the output came from the cache.
 */
export function bundleCached(options: BuildOptions, cacheDir: string): boolean {
  const root = options.absWorkingDir!;
  const outfile = options.outfile!;
  const key = sha256(
    JSON.stringify({
      esbuild: esbuildVersion,
      // The output file's directory is a fresh temp directory per synth: only its name shapes the bundle.
      options: { ...options, outfile: path.basename(outfile) },
      lock: fileHash(path.join(root, 'package-lock.json')),
      tsconfig: fileHash(path.join(root, 'tsconfig.json')),
    }),
  );
  const recordFile = path.join(cacheDir, `${key}.json`);
  const outputFile = path.join(cacheDir, `${key}.js`);
  try {
    const record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as CacheRecord;
    const unchanged = Object.entries(record.inputs).every(
      ([input, hash]) => fileHash(path.resolve(root, input)) === hash,
    );
    if (unchanged && Object.keys(record.inputs).length > 0) {
      fs.mkdirSync(path.dirname(outfile), { recursive: true });
      fs.copyFileSync(outputFile, outfile);
      return true;
    }
  } catch {
    // No usable cache entry: build.
  }
  const result = buildSync({ ...options, metafile: true, write: false });
  const [output] = result.outputFiles ?? [];
  if (result.outputFiles?.length !== 1 || path.resolve(output.path) !== path.resolve(outfile)) {
    throw new Error(`esbuild wrote ${result.outputFiles?.length ?? 0} files, expected exactly ${outfile}`);
  }
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  fs.writeFileSync(outfile, output.contents);
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile!.inputs)) {
    const hash = fileHash(path.resolve(root, input));
    if (hash === undefined) return false; // not a plain file (a virtual module): never cached
    inputs[input] = hash;
  }
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // Written under unique names, then renamed: the parallel synth processes never read half a file, and the
    // output is in place before the record that points at it.
    for (const [file, data] of [
      [outputFile, output.contents],
      [recordFile, JSON.stringify({ inputs } satisfies CacheRecord)],
    ] as const) {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, file);
    }
  } catch {
    // A read-only node_modules: no cache.
  }
  return false;
}
