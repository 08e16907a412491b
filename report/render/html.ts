/**
 * report.html: a self-contained page for auditors. Inline CSS and SVG only; its own Content-Security-Policy
 * forbids every network fetch, so it reads the same offline, from an artifact or an email attachment.
 */
import { FRAMEWORKS, type FrameworkKey } from '../catalog/frameworks';
import type { ComplianceReport, EvidenceRow, RequirementResult, Status } from '../model';
import { ACTIVITY_COLUMNS, activityRows, activityState, provenanceLines, recordKinds } from './records';
import { STATUSES } from '../model';
import { proofsHtml, proofsLead } from './proofs';
import { STRENGTH_MEANING, STRENGTHS } from '../strength';

export const esc = (s: string | number | boolean | null | undefined): string =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const STATUS_CLASS: Record<Status, string> = {
  'not met': 'notmet',
  'evidence pending': 'pending',
  'application responsibility': 'app',
  'met with acknowledged exceptions': 'ack',
  met: 'met',
  'not applicable': 'na',
};

const STATUS_HELP: Record<Status, string> = {
  met: 'Every evidence row holds in this environment.',
  'met with acknowledged exceptions':
    'Evidence holds; a cdk-nag rule that checks this requirement is acknowledged on some resource, with a reason (listed).',
  'not applicable':
    'Does not apply here; the reason is given (a disabled option, or nothing of the kind is deployed).',
  'application responsibility':
    'Met in application code, outside this infrastructure; the infrastructure mitigations that still apply are listed.',
  'evidence pending':
    'Designed and catalogued, but its evidence is not in this build yet (a capability stack not merged, or the record of an activity such as a penetration test).',
  'not met': 'Evidence was evaluated and does not hold, or nothing accounts for the requirement.',
};

const badge = (s: Status): string => `<span class="badge s-${STATUS_CLASS[s]}">${esc(s)}</span>`;

const RESULT_CLASS: Record<EvidenceRow['result'], string> = {
  pass: 'ok',
  'asserted-by-test': 'ok',
  fail: 'bad',
  'no-resource': 'bad',
  'not-applicable': 'muted',
};

const usd = (n: number): string =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
/** Unit prices keep their precision: $0.048 per hour, $0.0010 per check. */
const unitUsd = (n: number): string =>
  n >= 1 ? usd(n) : `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;

export const CSS = `
:root { --ink:#1f2933; --muted:#5b6773; --line:#d9e0e6; --bg:#f5f7f9; --accent:#1d4e89; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif; color:var(--ink); background:var(--bg); }
header { background:#102a43; color:#fff; padding:24px 40px 20px; }
header h1 { margin:0 0 4px; font-size:24px; font-weight:650; }
header .sub { color:#bcccdc; margin:0 0 16px; }
.meta { display:grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap:8px 24px; font-size:13px; }
.meta div { min-width:0; overflow-wrap:anywhere; }
.meta .commit, .meta .hashes { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.meta div span { display:block; color:#9fb3c8; font-size:11px; text-transform:uppercase; letter-spacing:.04em; }
nav { position:sticky; top:0; z-index:5; background:#fff; border-bottom:1px solid var(--line); padding:8px 40px; display:flex; gap:20px; flex-wrap:wrap; font-size:13px; }
nav a { color:var(--accent); text-decoration:none; font-weight:550; }
main { padding:8px 40px 40px; max-width:1600px; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:20px 24px; margin:20px 0; }
h2 { margin:0 0 12px; font-size:19px; }
h3 { margin:22px 0 8px; font-size:15px; color:#243b53; }
p.lead { color:var(--muted); margin:0 0 14px; }
table { border-collapse:collapse; width:100%; font-size:13px; }
/* Evidence values (JSON, construct paths, test titles) wrap inside fixed columns: the page never scrolls
   sideways, and a fixed layout keeps long reports quick to render. */
table.evidence { table-layout:fixed; }
table.evidence td, table.evidence th, td.mono { overflow-wrap:anywhere; }
table.proofs { table-layout:fixed; } table.proofs td { overflow-wrap:anywhere; }
th, td { text-align:left; vertical-align:top; padding:6px 8px; border-bottom:1px solid #e8edf1; }
th { background:#f0f4f8; font-weight:600; color:#334e68; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12px; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; white-space:nowrap; border:1px solid transparent; }
.s-met { background:#e3f4e6; color:#1e6b2c; border-color:#b7dfbf; }
.s-ack { background:#e6f3f3; color:#1f6161; border-color:#b5d9d9; }
.s-na { background:#eef0f2; color:#52606d; border-color:#d5dae0; }
.s-app { background:#e8eefb; color:#2d4f9e; border-color:#c3d1f0; }
.s-pending { background:#fff4dc; color:#8a5a00; border-color:#f0d9a0; }
.s-notmet { background:#fde8e8; color:#a61b1b; border-color:#f3bcbc; }
.ok { color:#1e6b2c; font-weight:600; } .bad { color:#a61b1b; font-weight:600; } .muted { color:var(--muted); }
.cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap:16px; }
.card { border:1px solid var(--line); border-radius:8px; padding:14px 16px; min-width:0; overflow-x:auto; }
.cards.summary { grid-template-columns: minmax(470px, 1.3fr) minmax(300px, 1fr); }
.cards.summary .wide { grid-column: 1 / -1; }
@media (max-width: 1100px) { .cards.summary { grid-template-columns: 1fr; } }
.card h3 { margin-top:0; }
.big { font-size:28px; font-weight:700; color:#102a43; }
.req { border:1px solid var(--line); border-left:4px solid #9fb3c8; border-radius:6px; padding:10px 14px; margin:10px 0; }
.req.s-border-met { border-left-color:#3a9a4f; } .req.s-border-ack { border-left-color:#2f8f8f; }
.req.s-border-na { border-left-color:#9aa5b1; } .req.s-border-app { border-left-color:#4a6fd1; }
.req.s-border-pending { border-left-color:#e0a21b; } .req.s-border-notmet { border-left-color:#d64545; }
.req h4 { margin:0 0 4px; font-size:14px; }
.req .why { color:var(--muted); font-size:13px; margin:2px 0 6px; }
.req ul { margin:4px 0 8px 18px; padding:0; }
.tags { font-size:12px; color:var(--muted); }
.tags b { color:#334e68; font-weight:600; }
details > summary { cursor:pointer; color:var(--accent); font-weight:550; margin:4px 0; }
.callout { border:1px solid #f0c36d; background:#fff8e6; border-radius:8px; padding:12px 16px; margin:0 0 14px; }
.callout strong { color:#8a5a00; }
.diagram { overflow:auto; border:1px solid var(--line); border-radius:8px; background:#fff; max-width:1600px; }
.diagram svg { display:block; max-width:100%; height:auto; }
.legend td:first-child { white-space:nowrap; }
tr.phase td { background:#f7f9fb; color:#486581; font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.03em; padding-top:10px; }
section, article, h3 { scroll-margin-top:48px; }
footer { color:var(--muted); font-size:12px; padding:0 40px 40px; }
@media print { nav { display:none; } th { position:static; } section { break-inside:auto; } details { display:block; } }
`;

/** Widths (%) of the evidence table's columns, Stage ... Asserted by test. */
const EVIDENCE_COLUMN_WIDTHS = [5, 7, 11, 12, 12, 13, 16, 6, 18];

function evidenceTable(rows: readonly EvidenceRow[]): string {
  return `<table class="evidence"><colgroup>${EVIDENCE_COLUMN_WIDTHS.map((w) => `<col style="width:${w}%">`).join('')}</colgroup><thead><tr><th>Stage</th><th>Stack</th><th>Logical id</th><th>Resource type</th><th>Property path / file</th><th>Expected</th><th>Actual</th><th>Result (strength)</th><th>Asserted by test</th></tr></thead><tbody>${rows
    .map(
      (e) =>
        `<tr><td>${esc(e.stage)}</td><td>${esc(e.stack)}</td><td class="mono">${esc(e.logicalId)}</td><td class="mono">${esc(
          e.resourceType || e.kind,
        )}</td><td class="mono">${esc(e.propertyPath)}</td><td>${esc(e.expected)}</td><td class="mono">${esc(
          e.actual,
        )}</td><td class="${RESULT_CLASS[e.result]}">${esc(e.result)}<br><span class="muted">${esc(e.strength)}</span></td><td class="mono">${esc(e.test)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function requirementCard(r: RequirementResult): string {
  const fw = (Object.keys(FRAMEWORKS) as FrameworkKey[])
    .filter((k) => r.frameworks[k].length)
    .map(
      (k) =>
        `<b>${esc(k === 'nist' ? 'NIST' : k === 'cis' ? 'CIS' : k === 'fsbp' ? 'FSBP' : 'SOC 2')}</b> ${esc(r.frameworks[k].join(', '))}`,
    )
    .join(' · ');
  const parts = [
    `<article class="req s-border-${STATUS_CLASS[r.status]}" id="req-${esc(r.id)}" data-requirement="${esc(r.id)}">`,
    `<h4>${esc(r.id)} · ${esc(r.text)} ${badge(r.status)} <span class="muted">(${esc(r.kind)})</span></h4>`,
    `<div class="why">${esc(r.statusReason)}</div>`,
    `<div class="muted">Evidence needed: <b>${esc(r.requiredStrength)}</b>; strongest held: <b>${esc(r.strongestEvidence ?? 'none')}</b></div>`,
    r.activity
      ? `<div class="activity"><b>Activity record</b>, ${esc(recordKinds(r.activity))}: ${esc(activityState(r.activity))}</div>`
      : '',
    r.summary ? `<div>${esc(r.summary)}</div>` : '',
    r.application
      ? `<div><b>Application responsibility:</b> ${esc(r.application.responsibility)}</div><div><b>Infrastructure mitigations that still apply:</b><ul>${r.application.mitigations
          .map((m) => `<li>${esc(m)}</li>`)
          .join('')}</ul></div>`
      : '',
    `<div class="tags">${fw}${r.nagRules.length ? ` · <b>cdk-nag</b> ${esc(r.nagRules.join(', '))}` : ''}${
      r.constructs.length ? ` · <b>constructs</b> ${esc(r.constructs.join(', '))}` : ''
    }</div>`,
  ];
  if (r.evidence.length) {
    parts.push(
      `<details><summary>Evidence (${r.evidence.length} ${r.evidence.length === 1 ? 'row' : 'rows'})</summary>${evidenceTable(r.evidence)}</details>`,
    );
  }
  if (r.pendingEvidence.length) {
    parts.push(
      `<details><summary>Pending evidence (${r.pendingEvidence.length} ${r.pendingEvidence.length === 1 ? 'row' : 'rows'}, from stacks not merged yet)</summary><table><thead><tr><th>Stack</th><th>Resource type</th><th>Property path</th><th>Expected</th><th>Test</th></tr></thead><tbody>${r.pendingEvidence
        .map(
          (p) =>
            `<tr><td>${esc(p.stack)}</td><td class="mono">${esc(p.resourceType)}</td><td class="mono">${esc(p.propertyPath)}</td><td>${esc(
              p.expected,
            )}</td><td class="mono">${esc(p.test)}</td></tr>`,
        )
        .join('')}</tbody></table></details>`,
    );
  }
  if (r.acknowledgedExceptions.length) {
    parts.push(
      `<details open><summary>Acknowledged exceptions (${r.acknowledgedExceptions.length})</summary><table><thead><tr><th>Rule</th><th>Resource</th><th>Reason</th></tr></thead><tbody>${r.acknowledgedExceptions
        .map(
          (a) =>
            `<tr><td class="mono">${esc(a.rule)}</td><td class="mono">${esc(a.path || `${a.stack}/${a.logicalId}`)}</td><td>${esc(a.reason)}</td></tr>`,
        )
        .join('')}</tbody></table></details>`,
    );
  }
  parts.push('</article>');
  return parts.join('');
}

/** A diagram as the page embeds it. */
export interface HtmlDiagram {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly file: string;
  readonly svg: string;
}

const VIEW_HEADINGS: Record<string, string> = {
  architecture: 'Architecture',
  'data-protection': 'Data protection view',
  logging: 'Logging view',
  alerting: 'Alerting view',
  network: 'Network view',
};

/** The requirement ids decided by dated activity records, one row each. */
function activitySection(report: ComplianceReport): string {
  const rows = activityRows(report);
  if (!rows.length) return '';
  return `<section id="records"><h2>Activity records</h2>
<p class="lead">Process requirements are met only with a dated record (records/, drills/) younger than its interval; without one they are due, past it overdue.</p>
<table id="records-table"><thead><tr>${ACTIVITY_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (row) =>
        `<tr data-requirement="${esc(row[0])}">${row.map((c, i) => `<td${i === 3 || i === 7 ? ' class="mono"' : ''}>${i === 0 ? `<a href="#req-${esc(c)}">${esc(c)}</a>` : esc(c)}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table></section>`;
}

export function renderHtml(report: ComplianceReport, diagrams: readonly HtmlDiagram[]): string {
  const env = report.environment;
  const s = report.summary;
  const phases = [...new Set(report.requirements.map((r) => r.phase))];
  const held = (r: RequirementResult) =>
    r.evidence.filter((e) => e.result === 'pass' || e.result === 'asserted-by-test').length;
  const shield = [...report.cost.lines, ...report.cost.notEnabled].find((l) => l.id === 'shield-advanced');

  const summary = `
<section id="summary"><h2>Summary</h2>
<p class="lead">${s.requirements} requirements of <span class="mono">${esc(report.sources.requirements)}</span>, evaluated against the synthesized templates of ${esc(env.stage)}. Statuses are explained in the <a href="#legend">legend</a>.</p>
<div class="cards summary">
<div class="card"><h3>Requirements by status</h3>
<table id="summary-table"><thead><tr><th>Status</th><th class="num">Requirements</th><th class="num">Controls</th></tr></thead><tbody>
${STATUSES.map((st) => `<tr><td>${badge(st)}</td><td class="num">${s.byStatus[st] ?? 0}</td><td class="num">${s.frameworkByStatus[st] ?? 0}</td></tr>`).join('\n')}
<tr><td><b>Total</b></td><td class="num"><b>${s.requirements}</b></td><td class="num"><b>${s.frameworkControls}</b></td></tr>
</tbody></table><p class="muted">Controls: CIS, FSBP, NIST 800-53 and SOC 2 controls the requirements map to.</p></div>
<div class="card"><h3>Estimated monthly cost</h3><div class="big">${usd(report.cost.totalMonthlyUsd)}</div>
<p class="muted">List prices, USD, derived from the resources in the templates and the stated usage assumptions. <a href="#cost">Details</a></p>
${shield && report.cost.notEnabled.includes(shield) ? `<p><strong>Shield Advanced is off here.</strong> Turning it on adds ${usd(shield.monthlyUsd)}/month per organization (1-year commitment).</p>` : ''}
</div>
<div class="card wide"><h3>cdk-nag rule packs</h3>
<table><thead><tr><th>Pack</th><th class="num">Rules evaluated</th><th class="num">Resources checked</th><th class="num">Unacknowledged findings</th><th class="num">Acknowledged findings</th></tr></thead><tbody>
${report.nag.packs
  .map(
    (p) =>
      `<tr><td><a href="#pack-${esc(p.pack)}">${esc(p.pack)}</a></td><td class="num">${p.rulesEvaluated ?? 'n/a'}</td><td class="num">${p.resourcesChecked ?? 'n/a'}</td><td class="num ${p.findings.length ? 'bad' : 'ok'}">${p.findings.length}</td><td class="num">${p.acknowledgments.length}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
<p class="muted">Rules evaluated and resources checked per pack in this environment. Unacknowledged findings fail the synth; every acknowledgment is listed with its reason under <a href="#nag">cdk-nag packs</a>.</p></div>
<div class="card wide"><h3>Evidence strength</h3>
<table id="strength-table"><thead><tr><th>Strength</th><th class="num">Rows</th><th class="num">Holding</th><th>Meaning</th></tr></thead><tbody>
${STRENGTHS.map((k) => `<tr><td>${esc(k)}</td><td class="num">${s.evidenceByStrength[k]?.rows ?? 0}</td><td class="num">${s.evidenceByStrength[k]?.holding ?? 0}</td><td>${esc(STRENGTH_MEANING[k])}</td></tr>`).join('\n')}
</tbody></table><p class="muted">A requirement is met only when evidence of the kind it needs holds (a template property alone is not enough where behaviour is proven offline).</p></div>
<div class="card wide"><h3>Simulated proofs</h3><p>${esc(proofsLead(report))} <a href="#alert-routes">Alert routes</a>, <a href="#attacks">Attack catalog</a>.</p></div>
</div></section>`;

  const overview = `<table id="requirements-table"><thead><tr><th>Id</th><th>Requirement</th><th>How met</th><th>Status</th><th class="num">Evidence held</th><th class="num">Pending</th></tr></thead><tbody>
${phases
  .map(
    (ph) =>
      `<tr class="phase"><td colspan="6">${esc(ph)}</td></tr>\n${report.requirements
        .filter((r) => r.phase === ph)
        .map(
          (r) =>
            `<tr data-requirement="${esc(r.id)}"><td><a href="#req-${esc(r.id)}"><b>${esc(r.id)}</b></a></td><td>${r.parent ? '&nbsp;&nbsp;↳ ' : ''}${esc(r.text)}</td><td>${esc(r.kind)}</td><td>${badge(r.status)}</td><td class="num">${r.evidence.length ? `${held(r)}/${r.evidence.length}` : '–'}</td><td class="num">${r.pendingEvidence.length || ''}</td></tr>`,
        )
        .join('\n')}`,
  )
  .join('\n')}
</tbody></table>`;

  const requirements = `<section id="requirements"><h2>Requirements</h2>
<p class="lead">Every Definition-of-Done item, how it is met (infrastructure, process/document, application) and the evidence evaluated for ${esc(env.stage)}. Open a requirement’s evidence to see stage, stack, logical id, resource type, property path, value and the test that asserts it.</p>
${overview}
${phases
  .map(
    (ph) =>
      `<h3>${esc(ph)}</h3>${report.requirements
        .filter((r) => r.phase === ph)
        .map(requirementCard)
        .join('\n')}`,
  )
  .join('\n')}
</section>`;

  const frameworks = `<section id="frameworks"><h2>Framework controls</h2>
<p class="lead">Each control takes the worst status of the requirements mapped to it (not applicable only when all of them are).</p>
${(Object.keys(FRAMEWORKS) as FrameworkKey[])
  .map((k) => {
    const list = report.frameworks.filter((f) => f.framework === k);
    return `<details open><summary>${esc(FRAMEWORKS[k])} (${list.length} controls)</summary><table><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Requirements</th></tr></thead><tbody>${list
      .map(
        (c) =>
          `<tr><td class="mono"><b>${esc(c.id)}</b></td><td>${esc(c.title)}</td><td>${badge(c.status)}</td><td>${c.requirements
            .map((id) => `<a href="#req-${esc(id)}">${esc(id)}</a>`)
            .join(', ')}</td></tr>`,
      )
      .join('')}</tbody></table></details>`;
  })
  .join('\n')}
</section>`;

  const nag = `<section id="nag"><h2>cdk-nag rule packs</h2>
<p class="lead">Every pack runs over every resource of the environment at synth. ${
    report.nag.statsRecorded
      ? ''
      : '<b>This synth recorded no rule statistics (compliance-stats.json missing).</b> '
  }“Matched a finding” tells whether the acknowledged rule actually reported that resource at synth; “no” marks a precautionary or stale acknowledgment to review.</p>
${report.nag.packs
  .map(
    (p) => `<h3 id="pack-${esc(p.pack)}">${esc(p.pack)}</h3>
<p>Rules evaluated: <b>${p.rulesEvaluated ?? 'n/a'}</b> · resources checked: <b>${p.resourcesChecked ?? 'n/a'}</b>${
      p.evaluations
        ? ` · evaluations: ${p.evaluations.compliant} compliant, ${p.evaluations.nonCompliant} non-compliant, ${p.evaluations.notApplicable} not applicable, ${p.evaluations.error} errors`
        : ''
    }</p>
${
  p.findings.length
    ? `<table><thead><tr><th>Unacknowledged finding</th><th>Path</th><th>Description</th></tr></thead><tbody>${p.findings
        .map(
          (f) =>
            `<tr><td class="mono bad">${esc(f.rule)}</td><td class="mono">${esc(f.path)}</td><td>${esc(f.description)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="ok">No unacknowledged findings.</p>'
}
${
  p.acknowledgments.length
    ? `<table><thead><tr><th>Acknowledged rule</th><th>Path</th><th>Reason</th><th>Matched a finding</th></tr></thead><tbody>${p.acknowledgments
        .map(
          (a) =>
            `<tr><td class="mono">${esc(a.rule)}</td><td class="mono">${esc(a.path || `${a.stack}/${a.logicalId}`)}</td><td>${esc(a.reason)}</td><td>${
              a.matchedFinding === null ? 'n/a' : a.matchedFinding ? 'yes' : '<span class="muted">no</span>'
            }</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No acknowledgments.</p>'
}
${p.ruleIds.length ? `<details><summary>Rules evaluated (${p.ruleIds.length})</summary><p class="mono">${p.ruleIds.map(esc).join(', ')}</p></details>` : ''}`,
  )
  .join('\n')}
<h3>CloudFormation validation</h3>
${
  report.nag.cloudFormationFindings.length
    ? `<table><thead><tr><th>Finding</th><th>Path</th><th>Description</th></tr></thead><tbody>${report.nag.cloudFormationFindings
        .map(
          (f) =>
            `<tr><td class="mono bad">${esc(f.rule)}</td><td class="mono">${esc(f.path)}</td><td>${esc(f.description)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="ok">The built-in CloudFormation validator reports nothing.</p>'
}
${
  report.nag.cloudFormationAcknowledgments.length
    ? `<details><summary>Validator warnings acknowledged by aws-cdk-lib itself (${report.nag.cloudFormationAcknowledgments.length})</summary><table><thead><tr><th>Rule</th><th>Path</th><th>Reason</th></tr></thead><tbody>${report.nag.cloudFormationAcknowledgments
        .map(
          (a) =>
            `<tr><td class="mono">${esc(a.rule)}</td><td class="mono">${esc(a.path || `${a.stack}/${a.logicalId}`)}</td><td>${esc(a.reason)}</td></tr>`,
        )
        .join('')}</tbody></table></details>`
    : ''
}
</section>`;

  const c = report.cost;
  const cost = `<section id="cost"><h2>Estimated monthly cost</h2>
${
  shield
    ? `<div class="callout"><strong>Shield Advanced: ${usd(shield.monthlyUsd)} per month</strong> per AWS Organization, with a 1-year commitment, plus data-transfer-out fees. ${
        c.notEnabled.includes(shield)
          ? 'It is <b>not enabled</b> in this environment.'
          : 'It is <b>enabled</b> in this environment and included in the total.'
      } Shield Standard is always on at no cost.</div>`
    : ''
}
<p class="lead">Quantities are counted in the synthesized templates; traffic, users and data volumes are the assumptions listed below. Prices are list prices (sources and dates below); shared lines are split equally between the controls they serve.</p>
<table><thead><tr><th>Service</th><th>Item</th><th class="num">Quantity</th><th class="num">Unit price</th><th class="num">Monthly</th><th>Controls</th><th>Derived from</th></tr></thead><tbody>
${c.lines
  .map(
    (l) =>
      `<tr><td>${esc(l.service)}</td><td>${esc(l.item)}</td><td class="num">${esc(l.quantity)} <span class="muted">${esc(l.unit)}</span></td><td class="num">${unitUsd(l.unitPriceUsd)}</td><td class="num"><b>${usd(l.monthlyUsd)}</b></td><td>${esc(l.controls.join(', '))}</td><td class="muted">${esc(l.derivedFrom)}</td></tr>`,
  )
  .join('\n')}
<tr><td colspan="4"><b>Total</b></td><td class="num"><b>${usd(c.totalMonthlyUsd)}</b></td><td colspan="2"></td></tr>
</tbody></table>
${
  c.notEnabled.length
    ? `<h3>Not enabled here: what turning them on would add</h3><table><thead><tr><th>Service</th><th>Item</th><th class="num">Monthly</th><th>Controls</th><th>Note</th></tr></thead><tbody>${c.notEnabled
        .map(
          (l) =>
            `<tr><td>${esc(l.service)}</td><td>${esc(l.item)}</td><td class="num"><b>${usd(l.monthlyUsd)}</b></td><td>${esc(l.controls.join(', '))}</td><td class="muted">${esc(l.derivedFrom)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : ''
}
<div class="cards" style="margin-top:14px">
<div class="card"><h3>Per control</h3><table><thead><tr><th>Requirement</th><th class="num">Monthly</th></tr></thead><tbody>${c.byControl
    .map(
      (b) =>
        `<tr><td><a href="#req-${esc(b.id)}">${esc(b.id)}</a></td><td class="num">${usd(b.monthlyUsd)}</td></tr>`,
    )
    .join('')}</tbody></table></div>
<div class="card"><h3>Usage assumptions (${env.production ? 'production' : 'non-production'})</h3><table><tbody>${c.assumptions
    .map(
      (a) =>
        `<tr><td class="mono">${esc(a.key)}</td><td class="num">${esc(a.value)}</td><td>${esc(a.unit)}<br><span class="muted">${esc(a.note)}</span></td></tr>`,
    )
    .join('')}</tbody></table></div>
</div>
<details><summary>Price sources (${c.prices.length})</summary><table><thead><tr><th>Service</th><th>Price</th><th class="num">USD</th><th>Unit</th><th>Region</th><th>Source</th><th>Checked</th></tr></thead><tbody>${c.prices
    .map(
      (p) =>
        `<tr><td>${esc(p.service)}</td><td>${esc(p.description)}</td><td class="num">${esc(p.usd)}</td><td>${esc(p.unit)}</td><td>${esc(p.region)}</td><td class="mono">${esc(p.source)}</td><td>${esc(p.checked)}</td></tr>`,
    )
    .join('')}</tbody></table></details>
</section>`;

  // Each diagram is its own section with the self-contained SVG (also written next to the report).
  const architecture = diagrams
    .map(
      (
        d,
      ) => `<section id="${d.id === 'architecture' ? 'architecture' : `view-${esc(d.id)}`}" class="diagram-section"><h2>${esc(VIEW_HEADINGS[d.id] ?? d.title)}</h2>
<p class="lead">Laid out by ELK from the synthesized templates of ${esc(env.stage)}; also written as <span class="mono">${esc(d.file)}</span>.</p>
<div class="diagram">${d.svg}</div></section>`,
    )
    .join('\n');

  const legend = `<section id="legend"><h2>Statuses</h2><table class="legend"><tbody>${STATUSES.map(
    (st) => `<tr><td>${badge(st)}</td><td>${esc(STATUS_HELP[st])}</td></tr>`,
  ).join('')}</tbody></table></section>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance report: ${esc(env.stage)}</title>
<style>${CSS}</style></head>
<body>
<header><h1>Security compliance report: ${esc(env.stage)}</h1>
<p class="sub">AWS security baseline · TASK-019 Security hardening</p>
<div class="meta">
<div><span>Environment</span>${esc(env.stage)} (${env.production ? 'production' : 'non-production'})</div>
<div><span>Account / region</span>${esc(env.account)} / ${esc(env.region)}</div>
<div><span>Stacks</span>${env.stacks.map((st) => `${esc(st.id)} (${st.resources})`).join(', ')}</div>
<div><span>Generated</span>${esc(report.generatedAt)}</div>
<div class="commit"><span>Source commit</span>${esc(report.sources.commit)}</div>
<div><span>Requirements</span>${esc(report.sources.requirements)}</div>
<div><span>Tools</span>${esc(provenanceLines(report).tools)}</div>
<div class="hashes"><span>Configuration</span>${provenanceLines(report).config.map(esc).join('<br>') || 'not recorded by the synth'}</div>
</div></header>
<nav><a href="#summary">Summary</a><a href="#records">Records</a><a href="#requirements">Requirements</a><a href="#frameworks">Framework controls</a><a href="#alert-routes">Alert routes</a><a href="#attacks">Attack catalog</a><a href="#nag">cdk-nag packs</a><a href="#cost">Cost</a><a href="#architecture">Architecture</a>${diagrams
    .filter((d) => d.id !== 'architecture')
    .map(
      (d) =>
        `<a href="#view-${esc(d.id)}">${esc((VIEW_HEADINGS[d.id] ?? d.title).replace(/ view$/, ''))}</a>`,
    )
    .join('')}<a href="#legend">Statuses</a></nav>
<main>
${summary}
${activitySection(report)}
${
  env.detectionExceptions.length
    ? `<section id="exceptions"><h2>Detection switched off, with reasons</h2><table><thead><tr><th>Setting</th><th>Reason</th></tr></thead><tbody>${env.detectionExceptions
        .map((x) => `<tr><td class="mono">detection.${esc(x.setting)}</td><td>${esc(x.reason)}</td></tr>`)
        .join('')}</tbody></table></section>`
    : ''
}
${requirements}
${frameworks}
${proofsHtml(report, esc)}
${nag}
${cost}
${architecture}
${legend}
</main>
<footer>Machine-readable: report.json (schema docs/report.schema.json), report.csv; also report.md. Generated by <span class="mono">npm run report</span> from the cloud assembly.</footer>
</body></html>
`;
}
