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
      return `due: no record yet (one every ${a.intervalMonths} months)`;
    case 'overdue':
      return `overdue since ${a.dueBy}`;
    case 'failed':
      return `failed (next due by ${a.dueBy})`;
  }
}

export const ACTIVITY_COLUMNS = [
  'Id',
  'Record kinds',
  'Every',
  'State',
  'Newest record',
  'Date',
  'Performed by',
  'Outcome',
  'Artefact',
] as const;

/** One row per requirement id that takes activity records. */
export function activityRows(report: ComplianceReport): string[][] {
  return report.requirements.flatMap((r) => {
    const a = r.activity;
    if (!a) return [];
    const n = a.newest;
    return [
      [
        r.id,
        a.kinds.join(', '),
        `${a.intervalMonths} months`,
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
