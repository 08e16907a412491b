/**
 * report.csv: one row per evidence row (requirements without evidence get one row), for spreadsheets;
 * the last column names the source commit, so a row copied into another sheet keeps its provenance.
 * RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
 */
import type { ComplianceReport } from '../model';

export const CSV_COLUMNS = [
  'stage',
  'requirement_id',
  'requirement',
  'phase',
  'kind',
  'status',
  'status_reason',
  'evidence_kind',
  'stack',
  'logical_id',
  'resource_type',
  'property_path',
  'expected',
  'actual',
  'result',
  'strength',
  'required_strength',
  'test',
  'proves',
  'cis',
  'fsbp',
  'nist_800_53_r5',
  'soc2',
  'nag_rules',
  'activity_state',
  'activity_record',
  'source_commit',
] as const;

/** One CSV cell: quoted when needed, formula-like text neutralised. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(report: ComplianceReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of report.requirements) {
    const common = {
      stage: report.environment.stage,
      requirement_id: r.id,
      requirement: r.text,
      phase: r.phase,
      kind: r.kind,
      status: r.status,
      status_reason: r.statusReason,
      required_strength: r.requiredStrength,
      cis: r.frameworks.cis.join(' '),
      fsbp: r.frameworks.fsbp.join(' '),
      nist_800_53_r5: r.frameworks.nist.join(' '),
      soc2: r.frameworks.soc2.join(' '),
      nag_rules: r.nagRules.join(' '),
      activity_state: r.activity?.state ?? '',
      activity_record: r.activity?.newest ? `${r.activity.newest.file} (${r.activity.newest.date})` : '',
      source_commit: report.sources.commit,
    };
    const rows: Record<string, string>[] = [
      ...r.evidence.map((e) => ({
        evidence_kind: e.kind,
        stack: e.stack,
        logical_id: e.logicalId,
        resource_type: e.resourceType,
        property_path: e.propertyPath,
        expected: e.expected,
        actual: e.actual,
        result: e.result,
        strength: e.strength,
        test: e.test,
        proves: e.proves,
      })),
      ...r.pendingEvidence.map((p) => ({
        evidence_kind: 'template',
        stack: p.stack,
        logical_id: '',
        resource_type: p.resourceType,
        property_path: p.propertyPath,
        expected: p.expected,
        actual: '',
        result: 'pending',
        test: p.test,
        proves: p.proves,
      })),
    ];
    for (const row of rows.length ? rows : [{}]) {
      const record: Record<string, string> = { ...common, ...row };
      lines.push(CSV_COLUMNS.map((c) => csvCell(record[c])).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
