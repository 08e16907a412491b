import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';

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
          buildSync({
            absWorkingDir: props.projectRoot,
            entryPoints: [entry],
            bundle: true,
            target: props.target,
            platform: 'node',
            minify: true,
            logLevel: 'error',
            outfile: path.join(outputDir, 'index.js'),
          });
          return true;
        },
      },
    },
  });
}
