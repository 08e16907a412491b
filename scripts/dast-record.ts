/**
 * `npm run dast:record -- --scan api=<report_json.json> [--scan site=<...>] --run-url <url> --out <file>
 *   [--environment Dev] [--date YYYY-MM-DD]`: turns the JSON reports of OWASP ZAP baseline scans (the
 * zaproxy/action-baseline output `report_json.json`) into a `dast-scan` activity record (records/README.md)
 * for ST2 and ST8. The CI job `dast` runs it after each Dev deploy and uploads the record with the ZAP reports;
 * committing the record to records/ makes the compliance report count the scan.
 *
 * Outcome: `failed` with any High alert, `findings` with Medium or Low alerts, `passed` otherwise
 * (Informational only). Exit status: 0 written, 1 written and failed (High alerts), 2 bad input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { type ActivityRecordData, recordSchema } from '../report/records/schema';

/** The part of ZAP's traditional JSON report read here (https://www.zaproxy.org/docs/desktop/addons/report-generation/report-traditional-json/). */
const zapReportSchema = z.looseObject({
  '@version': z.string().optional(),
  site: z.array(
    z.looseObject({
      '@name': z.string(),
      alerts: z.array(z.looseObject({ alert: z.string(), riskcode: z.enum(['0', '1', '2', '3']) })),
    }),
  ),
});
export type ZapReport = z.infer<typeof zapReportSchema>;

const RISKS = ['informational', 'low', 'medium', 'high'] as const;

/** Alerts (distinct alert types, as ZAP counts them) per risk, over every site of the report. */
export function alertCounts(report: ZapReport): Record<(typeof RISKS)[number], number> {
  const alerts = report.site.flatMap((s) => s.alerts);
  return Object.fromEntries(
    RISKS.map((r, i) => [r, alerts.filter((a) => Number(a.riskcode) === i).length]),
  ) as Record<(typeof RISKS)[number], number>;
}

export interface Scan {
  /** `api`, `site`. */
  readonly name: string;
  readonly report: ZapReport;
}

export interface RecordInputs {
  readonly scans: readonly Scan[];
  readonly runUrl: string;
  readonly environment: string;
  readonly date: string;
  /** `GitHub Actions run 123 (commit abc)`. */
  readonly performedBy: string;
}

export function dastRecord(inputs: RecordInputs): ActivityRecordData {
  const counts = inputs.scans.map((s) => ({ ...s, counts: alertCounts(s.report) }));
  const high = counts.some((c) => c.counts.high > 0);
  const mediumOrLow = counts.some((c) => c.counts.medium + c.counts.low > 0);
  const targets = counts.map((c) => `${c.name} ${c.report.site.map((s) => s['@name']).join(', ')}`);
  return recordSchema.parse({
    kind: 'dast-scan',
    ids: ['ST2', 'ST8'],
    date: inputs.date,
    scope: `OWASP ZAP baseline scan (passive) of the ${inputs.environment} deployment: ${targets.join('; ')}`,
    performedBy: inputs.performedBy,
    outcome: {
      result: high ? 'failed' : mediumOrLow ? 'findings' : 'passed',
      summary: counts
        .map(
          (c) =>
            `${c.name}: ${c.counts.high} high, ${c.counts.medium} medium, ${c.counts.low} low, ${c.counts.informational} informational`,
        )
        .join('; '),
    },
    artefact: inputs.runUrl,
    environments: [inputs.environment],
  });
}

/** A user mistake: a message and exit status 2. */
export class UsageError extends Error {}

function readScan(spec: string): Scan {
  const m = /^([a-z][\w-]*)=(.+)$/.exec(spec);
  if (!m)
    throw new UsageError(
      `--scan ${spec}: write it as <name>=<report_json.json>, e.g. api=dast/api/report_json.json`,
    );
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(m[2], 'utf8'));
  } catch (e) {
    throw new UsageError(
      `--scan ${spec}: ${m[2]} cannot be read as JSON (${(e as Error).message}); pass ZAP's report_json.json`,
    );
  }
  const parsed = zapReportSchema.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(
      `--scan ${spec}: ${m[2]} is not a ZAP JSON report (${parsed.error.issues
        .slice(0, 2)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')})`,
    );
  }
  return { name: m[1], report: parsed.data };
}

export function main(argv: readonly string[], now: Date = new Date()): number {
  const values = (flag: string) => argv.flatMap((a, i) => (a === flag && argv[i + 1] ? [argv[i + 1]] : []));
  const [runUrl] = values('--run-url');
  const [out] = values('--out');
  const scans = values('--scan');
  if (!runUrl?.startsWith('https://') || !out || scans.length === 0) {
    throw new UsageError(
      'usage: npm run dast:record -- --scan api=<report_json.json> [--scan site=<...>] --run-url https://<run> --out <record.yaml> [--environment Dev] [--date YYYY-MM-DD]',
    );
  }
  const record = dastRecord({
    scans: scans.map(readScan),
    runUrl,
    environment: values('--environment')[0] ?? 'Dev',
    date: values('--date')[0] ?? now.toISOString().slice(0, 10),
    performedBy: process.env.GITHUB_RUN_ID
      ? `GitHub Actions run ${process.env.GITHUB_RUN_ID} (${process.env.GITHUB_WORKFLOW ?? 'CI'}, commit ${process.env.GITHUB_SHA ?? 'unknown'})`
      : `npm run dast:record (${process.env.USER ?? 'operator'})`,
  });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(
    out,
    `# dast-scan record written by scripts/dast-record.ts; commit it to records/ to count it (records/README.md).\n${stringify(record)}`,
  );
  process.stdout.write(`${out}: ${record.outcome.result}: ${record.outcome.summary}\n`);
  return record.outcome.result === 'failed' ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`dast:record: ${e.message}\n`);
    process.exitCode = 2;
  }
}
