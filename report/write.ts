/**
 * Generates the compliance report of every environment in a cloud assembly into
 * `<out>/<Stage>/{report.json,report.csv,report.md,report.html,architecture.svg,view-*.svg}`, and the
 * organization view of the Org stage (when config/organization.yaml was synthesized) into
 * `<out>/Org/{organization.json,organization.md,organization.html}`.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadRequirements } from './requirements';
import { readAssembly } from './assembly';
import { buildReport } from './build';
import { DIAGRAM_FILES, prefetchDiagrams } from './diagram';
import { readConfigFileHashes, readEnvironmentConfigs } from './environment';
import { REPO_ROOT } from './evidence';
import type { ComplianceReport } from './model';
import {
  buildOrganizationView,
  ORGANIZATION_FILES,
  ORGANIZATION_STAGE,
  type OrganizationView,
} from './organization';
import { evaluateOrganizationProofs } from './proofs';
import { loadRecords } from './records/load';
import { renderCsv } from './render/csv';
import { renderHtml } from './render/html';
import { renderMarkdown } from './render/md';
import { renderOrganizationHtml, renderOrganizationMarkdown } from './render/organization';

export const REPORT_FILES = [
  'report.json',
  'report.csv',
  'report.md',
  'report.html',
  ...Object.values(DIAGRAM_FILES),
] as const;

export interface GenerateOptions {
  /** The synthesized cloud assembly (cdk.out). */
  readonly assemblyDir: string;
  /** Where the per-environment folders go. */
  readonly outDir: string;
  /**
   * The source commit the report names.
   * @default - `sourceCommit()` of the repository
   */
  readonly commit?: string;
  /** The report's build date: records are current or overdue relative to it. @default - now */
  readonly generatedAt?: Date;
  /** Repository whose `records/` and `drills/` are read. @default REPO_ROOT */
  readonly root?: string;
}

export interface GeneratedReport {
  readonly stage: string;
  readonly dir: string;
  readonly files: string[];
  readonly report: ComplianceReport;
}

/**
 * Version of the cfn-lint installed for the Python on PATH (`npm run lint:templates` runs it; CI installs it with
 * pip), or undefined when none is. Read from the package metadata: `cfn-lint --version` imports the linter and
 * its schemas, ~2.5 s of CPU in every report. Asynchronous: Python starts while the assembly is read.
 */
export function cfnLintVersion(python = 'python3'): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      python,
      ['-c', "import importlib.metadata as m; print(m.version('cfn-lint'))"],
      { encoding: 'utf8', timeout: 30_000 },
      (error, stdout) => resolve(error ? undefined : /^(\d+\.\d+\.\d+)/.exec(stdout.trim())?.[1]),
    );
  });
}

function toolVersions(cfnLint: string | undefined): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return {
    'aws-cdk-lib': pkg.dependencies?.['aws-cdk-lib'] ?? '?',
    'cdk-nag': pkg.dependencies?.['cdk-nag'] ?? '?',
    node: process.versions.node,
    ...(cfnLint ? { 'cfn-lint': cfnLint } : {}),
  };
}

const git = (args: string[], cwd: string): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/**
 * The commit the report was built from: `git rev-parse HEAD`, with `-dirty` when tracked files differ
 * from it or untracked (not ignored) files exist; `unknown` outside a git checkout.
 */
export function sourceCommit(root: string = REPO_ROOT): string {
  try {
    const head = git(['rev-parse', 'HEAD'], root);
    return git(['status', '--porcelain'], root) === '' ? head : `${head}-dirty`;
  } catch {
    return 'unknown';
  }
}

/** The organization view as written. */
export interface GeneratedOrganizationView {
  readonly dir: string;
  readonly files: string[];
  readonly view: OrganizationView;
}

/** The stages of the assembly and the configuration each was synthesized from: all the diagrams need. */
function readStages(options: GenerateOptions) {
  const assembly = readAssembly(options.assemblyDir);
  if (assembly.stages.length === 0) {
    throw new Error(`${options.assemblyDir} contains no stacks; run the synth first (npm run synth)`);
  }
  return { assembly, configs: readEnvironmentConfigs(options.assemblyDir) };
}

/**
 * Starts laying out every environment's diagrams in the background (report/diagram/elk-pool.ts), while the
 * rest of the inputs are read and the proofs and the rest of the report are built; buildReport then gets
 * the same layouts.
 */
function prefetchStageDiagrams({ assembly, configs }: ReturnType<typeof readStages>): void {
  for (const stage of assembly.stages) {
    const region = configs.get(stage.stage)?.environment.region;
    if (region) prefetchDiagrams(stage.stacks, stage.stage, region);
  }
}

/** Everything else the reports are built from, validated before anything is written. */
function readInputs(options: GenerateOptions, { assembly, configs }: ReturnType<typeof readStages>) {
  const configFiles = readConfigFileHashes(options.assemblyDir);
  const requirements = loadRequirements();
  // One build date for every environment; a bad record stops the report here.
  const generatedAt = options.generatedAt ?? new Date();
  const records = loadRecords(options.root ?? REPO_ROOT, { asOf: generatedAt });
  const commit = options.commit ?? sourceCommit();
  const organization = buildOrganizationView(
    options.assemblyDir,
    assembly.stages.find((s) => s.stage === ORGANIZATION_STAGE),
    { commit, generatedAt },
  );
  return { assembly, configs, configFiles, requirements, generatedAt, records, commit, organization };
}

/** The organization view with its proofs evaluated from the assembly (the view's statuses follow from them). */
async function withOrganizationProofs(
  options: GenerateOptions,
  inputs: ReturnType<typeof readInputs>,
): Promise<OrganizationView | undefined> {
  const { organization, assembly, commit, generatedAt } = inputs;
  if (!organization) return undefined;
  const proofs = await evaluateOrganizationProofs(options.assemblyDir, organization.organization.id);
  return buildOrganizationView(
    options.assemblyDir,
    assembly.stages.find((s) => s.stage === ORGANIZATION_STAGE),
    { commit, generatedAt, proofs },
  );
}

/** Writes the organization view into `<outDir>/Org/`. */
function writeOrganizationView(outDir: string, view: OrganizationView): GeneratedOrganizationView {
  const dir = path.join(outDir, ORGANIZATION_STAGE);
  fs.mkdirSync(dir, { recursive: true });
  const contents: Record<(typeof ORGANIZATION_FILES)[number], string> = {
    'organization.json': `${JSON.stringify(view, null, 2)}\n`,
    'organization.md': renderOrganizationMarkdown(view),
    'organization.html': renderOrganizationHtml(view),
  };
  const files = ORGANIZATION_FILES.map((name) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, contents[name]);
    return file;
  });
  return { dir, files, view };
}

/** The environment reports (what {@link generate} writes, without the organization view's result). */
export async function generateReports(options: GenerateOptions): Promise<GeneratedReport[]> {
  return (await generate(options)).reports;
}

/** Writes every environment report and, when the assembly has the Org stage, the organization view. */
export async function generate(
  options: GenerateOptions,
): Promise<{ reports: GeneratedReport[]; organization?: GeneratedOrganizationView }> {
  // cfn-lint's version (Python) is read while the report is built; it is awaited also when the inputs are bad,
  // so no process is left behind.
  const cfnLint = cfnLintVersion();
  let inputs: ReturnType<typeof readInputs>;
  try {
    const stages = readStages(options);
    // Layouts started here still finish if a later input is bad (and are kept for the next run).
    prefetchStageDiagrams(stages);
    inputs = readInputs(options, stages);
  } catch (e) {
    await cfnLint;
    throw e;
  }
  const { assembly, configs, configFiles, requirements, generatedAt, records, commit } = inputs;
  const organization = await withOrganizationProofs(options, inputs);
  const tools = toolVersions(await cfnLint);
  // The Org stage (config/organization.yaml) is no environment: it has the organization view instead.
  const stages = assembly.stages.filter((s) => s.stage !== ORGANIZATION_STAGE);
  for (const stage of stages) {
    if (!configs.get(stage.stage)) {
      throw new Error(
        `${options.assemblyDir} records no configuration for the environment '${stage.stage}'; synthesize again with \`npm run synth\``,
      );
    }
  }
  // Every environment at once: while one waits for its diagram layouts (another process), the next one's
  // proofs are evaluated here.
  const built = await Promise.all(
    stages.map((stage) =>
      buildReport({
        stage,
        config: configs.get(stage.stage)!,
        commit,
        requirements,
        stats: assembly.stats,
        assemblyDir: options.assemblyDir,
        generatedAt,
        tools,
        records,
        root: options.root,
        configFiles: configFiles.has(stage.stage)
          ? [{ environment: stage.stage, ...configFiles.get(stage.stage)! }]
          : [],
      }),
    ),
  );
  const out: GeneratedReport[] = stages.map((stage, i) => {
    const { report, diagrams } = built[i];
    const dir = path.join(options.outDir, stage.stage);
    fs.mkdirSync(dir, { recursive: true });
    const contents: Record<string, string> = {
      'report.json': `${JSON.stringify(report, null, 2)}\n`,
      'report.csv': renderCsv(report),
      'report.md': renderMarkdown(report),
      'report.html': renderHtml(report, diagrams),
      ...Object.fromEntries(diagrams.map((d) => [d.file, `${d.svg}\n`])),
    };
    const files = REPORT_FILES.map((name) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, contents[name]);
      return file;
    });
    return { stage: stage.stage, dir, files, report };
  });
  return {
    reports: out,
    ...(organization ? { organization: writeOrganizationView(options.outDir, organization) } : {}),
  };
}
