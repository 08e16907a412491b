/**
 * `npm run report:diff -- <old> <new> [--accept-acknowledgments]`: prints, as Markdown for a release note, what
 * changed between two compliance reports: status per requirement and environment, acknowledgments added or
 * removed with their reasons, unacknowledged findings, resources per stack, cost and provenance.
 *
 * <old> and <new> are report.json files of one environment, or compliance folders (cdk.out/compliance) whose
 * <Stage>/report.json files are paired by environment.
 *
 * Exit status: 0 no regression; 1 a status got worse, a requirement or environment disappeared, or an
 * acknowledgment was added (accept reviewed acknowledgments with --accept-acknowledgments); 2 bad arguments or
 * a file that is missing or not a compliance report (nothing is printed to stdout).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type DiffableReport, diffableReportSchema, diffReports, renderDiffMarkdown } from './diff';

const USAGE =
  'usage: npm run report:diff -- <old report.json | compliance folder> <new report.json | compliance folder> [--accept-acknowledgments]';

/** A user mistake: a message and exit status 2, never a stack trace. */
export class DiffUsageError extends Error {}

function readReport(file: string): DiffableReport {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DiffUsageError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(e)})`}; pass a report.json that \`npm run report\` wrote (cdk.out/compliance/<Stage>/report.json)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DiffUsageError(
      `${file}: is not JSON (${(e as Error).message}); pass a report.json, not report.md or report.html`,
    );
  }
  const parsed = diffableReportSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new DiffUsageError(
      `${file}: is not a compliance report of schema version 1 (${issues}); pass a report.json that \`npm run report\` wrote`,
    );
  }
  return parsed.data;
}

/** Reports by environment: one file, a stage folder holding report.json, or a compliance folder of stage folders. */
export function readReports(target: string): Map<string, { file: string; report: DiffableReport }> {
  let files: string[];
  if (!fs.existsSync(target)) {
    throw new DiffUsageError(`${target}: no such file or folder; ${USAGE}`);
  }
  if (fs.statSync(target).isDirectory()) {
    const own = path.join(target, 'report.json');
    files = fs.existsSync(own)
      ? [own]
      : fs
          .readdirSync(target)
          .map((d) => path.join(target, d, 'report.json'))
          .filter((f) => fs.existsSync(f))
          .sort();
    if (files.length === 0) {
      throw new DiffUsageError(
        `${target}: holds no report.json (nor <Stage>/report.json); run \`npm run report\` first`,
      );
    }
  } else {
    files = [target];
  }
  const out = new Map<string, { file: string; report: DiffableReport }>();
  for (const file of files) {
    const report = readReport(file);
    out.set(report.environment.stage, { file, report });
  }
  return out;
}

export interface DiffRun {
  readonly markdown: string;
  /** Why the gate fails; empty when it passes. */
  readonly failures: readonly string[];
}

export function runDiff(oldTarget: string, newTarget: string, acceptAcknowledgments: boolean): DiffRun {
  const before = readReports(oldTarget);
  const after = readReports(newTarget);
  if (before.size === 1 && after.size === 1) {
    const [[a], [b]] = [[...before.keys()], [...after.keys()]];
    if (a !== b) {
      throw new DiffUsageError(
        `${before.get(a)!.file} is the ${a} report and ${after.get(b)!.file} the ${b} report; compare two reports of the same environment`,
      );
    }
  }
  const failures: string[] = [];
  const first = [...after.values()][0].report;
  const previous = [...before.values()][0].report;
  const out = [
    '# Security posture changes',
    '',
    `From commit \`${previous.sources.commit}\` (${previous.generatedAt}) to \`${first.sources.commit}\` (${first.generatedAt}).`,
    '',
  ];
  for (const stage of [...new Set([...before.keys(), ...after.keys()])]) {
    const [from, to] = [before.get(stage), after.get(stage)];
    if (!to) {
      out.push(
        `## ${stage}`,
        '',
        `The new reports have no ${stage} environment (the old one is ${from!.file}).`,
        '',
      );
      failures.push(`${stage}: the environment is no longer reported`);
      continue;
    }
    if (!from) {
      out.push(`## ${stage}`, '', `New environment: ${to.file} has no earlier report to compare with.`, '');
      continue;
    }
    const diff = diffReports(from.report, to.report);
    out.push(...renderDiffMarkdown(diff));
    for (const c of diff.statusChanges.filter((x) => x.worse)) {
      failures.push(`${stage} ${c.id}: ${c.from ?? '(new)'} -> ${c.to ?? '(removed)'}`);
    }
    if (!acceptAcknowledgments) {
      for (const a of diff.acknowledgmentsAdded)
        failures.push(`${stage}: acknowledgment added: ${a.rule} on ${a.path || a.logicalId}`);
    }
  }
  return { markdown: `${out.join('\n').trimEnd()}\n`, failures };
}

export function main(argv: readonly string[]): number {
  const flags = argv.filter((a) => a.startsWith('--'));
  const paths = argv.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--accept-acknowledgments');
  if (unknown.length || paths.length !== 2) {
    throw new DiffUsageError(
      unknown.length
        ? `unknown option ${unknown.join(', ')}; ${USAGE}`
        : `expected two reports, got ${paths.length}; ${USAGE}`,
    );
  }
  const accept = flags.includes('--accept-acknowledgments');
  const { markdown, failures } = runDiff(paths[0], paths[1], accept);
  process.stdout.write(markdown);
  if (failures.length) {
    process.stderr.write(
      `report:diff: ${failures.length} regression(s):\n  ${failures.join('\n  ')}\n` +
        (failures.some((f) => f.includes('acknowledgment added'))
          ? 'Review each added acknowledgment and its reason, then rerun with --accept-acknowledgments.\n'
          : ''),
    );
    return 1;
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof DiffUsageError)) throw e;
    process.stderr.write(`report:diff: ${e.message}\n`);
    process.exitCode = 2;
  }
}
