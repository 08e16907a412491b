/**
 * What every format prints about activity records and provenance, as plain text cells: the renderers
 * (HTML, Markdown, CSV) escape and lay them out their own way.
 */
import type { ActivityResult, ComplianceReport } from '../model';

/** The state in words an auditor reads: current / due / overdue / failed, with the dates. */
export function activityState(a: ActivityResult): string {
  switch (a.state) {
    case 'current':
      return `current (next due by ${a.dueBy})`;
    case 'due':
      return 'due: no record yet';
    case 'overdue':
      return `overdue since ${a.dueBy}`;
    case 'failed':
      return `failed (next due by ${a.dueBy})`;
  }
}

export const ACTIVITY_COLUMNS = [
  'Id',
  'Record kinds (interval)',
  'State',
  'Newest record',
  'Date',
  'Performed by',
  'Outcome',
  'Artefact',
] as const;

/** `threat-model-review (12 months) or access-review (3 months)`. */
export const recordKinds = (a: ActivityResult): string =>
  a.kinds.map((k) => `${k.kind} (${k.intervalMonths} months)`).join(' or ');

/** One row per requirement id that takes activity records. */
export function activityRows(report: ComplianceReport): string[][] {
  return report.requirements.flatMap((r) => {
    const a = r.activity;
    if (!a) return [];
    const n = a.newest;
    return [
      [
        r.id,
        recordKinds(a),
        activityState(a),
        n?.file ?? '',
        n?.date ?? '',
        n?.performedBy ?? '',
        n ? `${n.result}: ${n.summary}` : '',
        n?.artefact ?? '',
      ],
    ];
  });
}

/** `config/dev.yaml sha256:ab12...` per configuration file, and `name version` per tool. */
export function provenanceLines(report: ComplianceReport): { config: string[]; tools: string } {
  return {
    config: report.sources.configFiles.map((c) => `${c.file} sha256:${c.sha256}`),
    tools:
      Object.entries(report.sources.tools)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'n/a',
  };
}
