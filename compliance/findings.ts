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

export interface ValidationReport {
  pluginReports?: {
    pluginName: string;
    conclusion?: string;
    /** aws-cdk-lib's record of a plugin that threw instead of reporting (`mkPluginFailure`). */
    metadata?: { error?: string };
    violations: {
      ruleName: string;
      description: string;
      severity?: string;
      violatingConstructs?: { constructPath?: string }[];
    }[];
    /** Violations of rules acknowledged in aws-cdk-lib's own way (the validator's, never cdk-nag's). */
    suppressedViolations?: unknown[];
  }[];
}

/** Name of the report CDK writes into the cloud assembly when validation plugins run. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/** Rule id of the finding that stands for a check that did not run (its plugin threw). */
export const PLUGIN_FAILURE_RULE = 'PluginFailure';

/**
 * Reads every finding of a synthesized cloud assembly: the cdk-nag packs' and the built-in
 * CloudFormation validator's. Acknowledged findings are not in the report. A plugin that failed to run
 * (aws-cdk-lib reports it with no violations, so nothing would otherwise fail) is a finding too.
 */
export function readFindings(assemblyDir: string): Finding[] {
  const file = path.join(assemblyDir, VALIDATION_REPORT_FILE);
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationReport;
  return (report.pluginReports ?? []).flatMap((r) => [
    ...(r.metadata?.error
      ? [
          {
            plugin: r.pluginName,
            rule: PLUGIN_FAILURE_RULE,
            severity: 'error',
            path: '',
            description: r.metadata.error,
          },
        ]
      : []),
    ...r.violations.flatMap((v) =>
      (v.violatingConstructs?.length ? v.violatingConstructs : [{}]).map((c) => ({
        plugin: r.pluginName,
        rule: v.ruleName,
        severity: v.severity ?? 'error',
        path: c.constructPath ?? '',
        description: v.description,
      })),
    ),
  ]);
}

/** True for findings of the cdk-nag packs this app registers (as opposed to CloudFormation validation). */
export function isNagFinding(f: Finding): boolean {
  return COMPLIANCE_PACKS.some((p) => f.rule.startsWith(`${p}-`));
}

export function formatFinding(f: Finding): string {
  return `[${f.severity}] ${f.rule} at ${f.path}: ${f.description.split('\n')[0]}`;
}
