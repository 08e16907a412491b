/**
 * `npm run lint:templates [assemblyDir]`: lints every synthesized CloudFormation template with cfn-lint
 * against the resource schemas of the region the stack deploys to (read from the cloud assembly manifest),
 * and exits non-zero on any error. Warnings and informational matches are counted, not fatal.
 *
 * cfn-lint is the CloudFormation linter (Python): `pip install cfn-lint==1.51.0`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEPLOY_REGIONS_METADATA } from '../proofs/resolved-assembly';

/** The cfn-lint version CI installs (.github/workflows/ci.yml) and this script was checked with. */
export const CFN_LINT_VERSION = '1.51.0';

export interface StackTemplateFile {
  readonly displayName: string;
  readonly region: string;
  readonly file: string;
}

interface ManifestArtifact {
  type: string;
  environment?: string;
  displayName?: string;
  properties?: { templateFile?: string; directoryName?: string };
}

/** Every stack template of the assembly at `dir` (stage assemblies included) with its deploy region. */
export function stackTemplateFiles(dir: string): StackTemplateFile[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new UsageError(
      `${manifestFile} not found: run 'npm run synth' first, or pass the assembly directory`,
    );
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    artifacts?: Record<string, ManifestArtifact>;
  };
  return Object.values(manifest.artifacts ?? {}).flatMap((a): StackTemplateFile[] => {
    if (a.type === 'cdk:cloud-assembly' && a.properties?.directoryName) {
      return stackTemplateFiles(path.join(dir, a.properties.directoryName));
    }
    if (a.type !== 'aws:cloudformation:stack' || !a.properties?.templateFile) return [];
    const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(a.environment ?? '')?.[1];
    const file = path.join(dir, a.properties.templateFile);
    // An environment-agnostic template deployed by a StackSet names its regions (MemberBaselineStack).
    const deployRegions = region === 'unknown-region' ? stackSetRegions(file) : undefined;
    if (deployRegions) {
      return deployRegions.map((r) => ({ displayName: `${a.displayName} (${r})`, region: r, file }));
    }
    if (!region || region === 'unknown-region') {
      throw new UsageError(
        `${a.displayName}: the manifest names no concrete region (environment '${a.environment}'); every stack must set env.region`,
      );
    }
    return [
      {
        displayName: a.displayName ?? a.properties.templateFile,
        region,
        file,
      },
    ];
  });
}

export { DEPLOY_REGIONS_METADATA };

function stackSetRegions(file: string): string[] | undefined {
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as { Metadata?: Record<string, unknown> };
  const regions = template.Metadata?.[DEPLOY_REGIONS_METADATA];
  return Array.isArray(regions) && regions.length > 0 ? (regions as string[]) : undefined;
}

export interface LintMatch {
  readonly rule: string;
  readonly level: 'Error' | 'Warning' | 'Informational';
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

interface CfnLintJsonMatch {
  Rule: { Id: string };
  Level: LintMatch['level'];
  Message: string;
  Filename: string;
  Location: { Start: { LineNumber: number } };
}

/** Runs cfn-lint once per region over that region's templates. */
export function lintTemplates(templates: readonly StackTemplateFile[], cfnLint = 'cfn-lint'): LintMatch[] {
  const byRegion = new Map<string, string[]>();
  for (const t of templates) byRegion.set(t.region, [...(byRegion.get(t.region) ?? []), t.file]);
  return [...byRegion].flatMap(([region, files]) => {
    const run = spawnSync(cfnLint, ['--regions', region, '--format', 'json', '--', ...files], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) {
      throw new UsageError(
        `cannot run '${cfnLint}' (${run.error.message}): install it with 'pip install cfn-lint==${CFN_LINT_VERSION}'`,
      );
    }
    // cfn-lint exit status is a bit mask: 2 errors, 4 warnings, 8 informational; 1 is a crash.
    if (run.status === 1 || !run.stdout.trim().startsWith('[')) {
      throw new Error(`cfn-lint failed for ${region}: ${run.stderr || run.stdout}`);
    }
    return (JSON.parse(run.stdout) as CfnLintJsonMatch[]).map((m) => ({
      rule: m.Rule.Id,
      level: m.Level,
      message: m.Message,
      file: m.Filename,
      line: m.Location.Start.LineNumber,
    }));
  });
}

/** A user mistake (no assembly, no cfn-lint): a message, not a stack trace. */
export class UsageError extends Error {}

function main(): void {
  const dir = path.resolve(process.argv[2] ?? 'cdk.out');
  const templates = stackTemplateFiles(dir);
  const regions = [...new Set(templates.map((t) => t.region))];
  const started = Date.now();
  const matches = lintTemplates(templates);
  const errors = matches.filter((m) => m.level === 'Error');
  const warnings = matches.length - errors.length;
  for (const e of errors) {
    process.stderr.write(`${path.relative(process.cwd(), e.file)}:${e.line}: ${e.rule} ${e.message}\n`);
  }
  process.stdout.write(
    `cfn-lint ${templates.length} templates in ${regions.join(', ')}: ${errors.length} errors, ${warnings} warnings/informational (${((Date.now() - started) / 1000).toFixed(1)}s)\n`,
  );
  if (errors.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`lint:templates: ${e.message}\n`);
    process.exitCode = 2;
  }
}
