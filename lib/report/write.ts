/**
 * Generates the compliance report of every environment in a cloud assembly into
 * `<out>/<Stage>/{report.json,report.csv,report.md,report.html,architecture.svg}`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadedConfig } from '../config/load';
import { loadRequirements } from '../controls/requirements';
import { readAssembly } from './assembly';
import { buildReport, DIAGRAM_FILE } from './build';
import { REPO_ROOT } from './evidence';
import type { ComplianceReport } from './model';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-md';

export const REPORT_FILES = ['report.json', 'report.csv', 'report.md', 'report.html', DIAGRAM_FILE] as const;

export interface GenerateOptions {
  /** The synthesized cloud assembly (cdk.out). */
  readonly assemblyDir: string;
  /** Where the per-environment folders go. */
  readonly outDir: string;
  /** The validated configuration of every environment in the assembly. */
  readonly configs: readonly LoadedConfig[];
  /** @default - now */
  readonly generatedAt?: Date;
}

export interface GeneratedReport {
  readonly stage: string;
  readonly dir: string;
  readonly files: string[];
  readonly report: ComplianceReport;
}

function toolVersions(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return {
    'aws-cdk-lib': pkg.dependencies?.['aws-cdk-lib'] ?? '?',
    'cdk-nag': pkg.dependencies?.['cdk-nag'] ?? '?',
    node: process.versions.node,
  };
}

export function generateReports(options: GenerateOptions): GeneratedReport[] {
  const assembly = readAssembly(options.assemblyDir);
  if (assembly.stages.length === 0) {
    throw new Error(`${options.assemblyDir} contains no stacks; run the synth first (npm run synth)`);
  }
  const requirements = loadRequirements();
  const tools = toolVersions();
  return assembly.stages.map((stage) => {
    const loaded = options.configs.find((c) => c.config.environment.name === stage.stage);
    if (!loaded) {
      throw new Error(
        `no configuration names the environment '${stage.stage}' found in ${options.assemblyDir}; synthesize and report with the same CONFIG_DIR`,
      );
    }
    const { report, svg } = buildReport({
      stage,
      config: loaded.config,
      requirements,
      stats: assembly.stats,
      assemblyDir: options.assemblyDir,
      generatedAt: options.generatedAt,
      tools,
    });
    const dir = path.join(options.outDir, stage.stage);
    fs.mkdirSync(dir, { recursive: true });
    const contents: Record<(typeof REPORT_FILES)[number], string> = {
      'report.json': `${JSON.stringify(report, null, 2)}\n`,
      'report.csv': renderCsv(report),
      'report.md': renderMarkdown(report),
      'report.html': renderHtml(report, svg),
      [DIAGRAM_FILE]: `${svg}\n`,
    };
    const files = REPORT_FILES.map((name) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, contents[name]);
      return file;
    });
    return { stage: stage.stage, dir, files, report };
  });
}
