import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMPLIANCE_PACKS } from '../constructs/core/acknowledge';

/** One unacknowledged finding from the synth's validation report. */
export interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

interface ValidationReport {
  pluginReports?: {
    pluginName: string;
    violations: {
      ruleName: string;
      description: string;
      severity?: string;
      violatingConstructs?: { constructPath?: string }[];
    }[];
  }[];
}

/** Name of the report CDK writes into the cloud assembly when validation plugins run. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/**
 * Reads every finding of a synthesized cloud assembly: the cdk-nag packs' and the built-in
 * CloudFormation validator's. Acknowledged findings are not in the report.
 */
export function readFindings(assemblyDir: string): Finding[] {
  const file = path.join(assemblyDir, VALIDATION_REPORT_FILE);
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationReport;
  return (report.pluginReports ?? []).flatMap((r) =>
    r.violations.flatMap((v) =>
      (v.violatingConstructs?.length ? v.violatingConstructs : [{}]).map((c) => ({
        plugin: r.pluginName,
        rule: v.ruleName,
        severity: v.severity ?? 'error',
        path: c.constructPath ?? '',
        description: v.description,
      })),
    ),
  );
}

/** True for findings of the cdk-nag packs this app registers (as opposed to CloudFormation validation). */
export function isNagFinding(f: Finding): boolean {
  return COMPLIANCE_PACKS.some((p) => f.rule.startsWith(`${p}-`));
}

export function formatFinding(f: Finding): string {
  return `[${f.severity}] ${f.rule} at ${f.path}: ${f.description.split('\n')[0]}`;
}
