/**
 * The "Alert routes" and "Attack catalog" sections (HTML and Markdown): every proof the report simulated
 * from the templates, with each call's decision, the deciding statement and the AWS page documenting the
 * request context used. report.csv carries the same proofs as the `simulation` evidence rows of SM5, SM7,
 * DP4, DP7, DP8 and AA7.
 */
import type { ComplianceReport, SimulatedCallResult } from '../model';

type Html = (s: string | number | boolean | null | undefined) => string;

/** `sns:Publish → Allowed (Sid)`. */
export const callText = (c: SimulatedCallResult) =>
  `${c.action} → ${c.decision}${c.deciding.length ? ` (${c.deciding.join(', ')})` : ''}`;
const contextText = (c: SimulatedCallResult) =>
  Object.entries(c.context)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`)
    .join(' ');
/** `pass` or `FAIL`. */
export const verdict = (passed: boolean) => (passed ? 'pass' : 'FAIL');

/** One line per proof kind: "46 of 46 routes delivered". */
export function proofsLead(report: ComplianceReport): string {
  const p = report.summary.proofs;
  if (!report.proofs.evaluated) return `Proofs not evaluated: ${report.proofs.error ?? 'unknown error'}.`;
  return (
    `${p.alertRoutesPassed} of ${p.alertRoutes} alert routes delivered, ${p.negativesPassed} of ${p.negatives} negative cases denied, ` +
    `${p.attacksPassed} of ${p.attacks} attacks stopped with their legitimate twin allowed. ` +
    'Each decision is made by @cloud-copilot/iam-simulate over the policies read from the synthesized templates.'
  );
}

export function proofsHtml(report: ComplianceReport, esc: Html): string {
  const { proofs } = report;
  const result = (passed: boolean) => `<td class="${passed ? 'ok' : 'bad'}">${verdict(passed)}</td>`;
  const calls = (cs: readonly SimulatedCallResult[]) =>
    cs
      .map(
        (c) =>
          `<div class="mono">${esc(callText(c))} <span class="muted">on ${esc(c.resource)} as ${esc(c.principal)}; context ${esc(
            contextText(c) || '(none)',
          )}; request context: ${esc(c.contextSource)}</span></div>`,
      )
      .join('');
  const routes = proofs.alertRoutes
    .map(
      (r) =>
        `<tr data-route="${esc(`${r.source.stack}:${r.source.logicalId}`)}"><td>${esc(r.source.stack)}<br><span class="mono">${esc(
          r.source.logicalId,
        )}</span><br><span class="muted">${esc(r.kind)}${r.eventSources.length ? `: ${esc(r.eventSources.join(', '))}` : ''}</span></td><td class="mono">${esc(
          r.target,
        )}${r.key ? `<br>key ${esc(r.key)}` : ''}${r.role ? `<br>role ${esc(r.role)}` : ''}</td><td>${calls(r.calls) || 'no call (topic without a key of the assembly)'}</td>${result(r.passed)}</tr>`,
    )
    .join('\n');
  const negatives = proofs.alertRouteNegatives
    .map(
      (n) =>
        `<tr><td>${esc(n.case)}</td><td class="mono">${esc(n.subject)}</td><td>${calls(n.calls)}</td>${result(n.passed)}</tr>`,
    )
    .join('\n');
  const attacks = proofs.attacks
    .map(
      (a) =>
        `<tr data-attack="${esc(a.id)}"><td><b>${esc(a.id)}</b></td><td>${esc(a.title)}<br><span class="muted">${esc(a.persona)}</span></td><td class="mono">${esc(
          a.action,
        )}<br>${esc(a.resource)}</td><td>${esc(a.expected.decision)}${a.expected.sid ? `<br><span class="mono">${esc(a.expected.sid)}</span>` : ''}</td><td>${esc(
          a.decision,
        )}${a.deciding.length ? `<br><span class="mono">${esc(a.deciding.join(', '))}</span>` : ''}</td><td>${esc(a.evidences.join(', '))}</td><td>${esc(
          a.twin.title,
        )}<br><span class="mono">${esc(a.twin.action)}</span> → ${esc(a.twin.decision)}</td>${result(a.passed)}</tr>`,
    )
    .join('\n');
  return `<section id="alert-routes"><h2>Alert routes</h2>
<p class="lead">${esc(proofsLead(report))}</p>
<p class="muted">Every EventBridge rule and CloudWatch alarm that notifies a topic (or invokes a target), found in the templates; each call its AWS service makes is simulated with the request context that service sends (proofs/service-request-context.ts, one AWS page per row). SM5 and SM7 list these proofs as evidence; the alerting view marks a route "delivery proven" only when all its calls were allowed.</p>
<table id="alert-routes-table" class="proofs"><thead><tr><th>Source (rule or alarm)</th><th>Target</th><th>Simulated calls</th><th>Result</th></tr></thead><tbody>
${routes || '<tr><td colspan="4">no alert route found</td></tr>'}
</tbody></table>
<h3>Negative cases (must be denied)</h3>
<table id="alert-negatives-table" class="proofs"><thead><tr><th>Case</th><th>Topic or role</th><th>Simulated calls</th><th>Result</th></tr></thead><tbody>
${negatives || '<tr><td colspan="4">no negative case</td></tr>'}
</tbody></table></section>
<section id="attacks"><h2>Attack catalog</h2>
<p class="muted">compliance/attack-catalog.ts: what a red team would try, each request simulated for this environment. An attack passes when it is decided as expected (by the expected statement) and its legitimate twin is allowed. DP4, DP7, DP8 and AA7 are met only when every attack that evidences them passes.</p>
<table id="attacks-table" class="proofs"><thead><tr><th>Id</th><th>Attack (persona)</th><th>Action, resource</th><th>Expected</th><th>Actual (deciding Sid)</th><th>Evidences</th><th>Legitimate twin</th><th>Result</th></tr></thead><tbody>
${attacks || '<tr><td colspan="8">no attack evaluated</td></tr>'}
</tbody></table></section>`;
}

export function proofsMarkdown(
  report: ComplianceReport,
  table: (head: string[], rows: string[][]) => string[],
): string[] {
  const { proofs } = report;
  return [
    '## Alert routes',
    '',
    proofsLead(report),
    '',
    ...table(
      ['Source', 'Target', 'Simulated calls', 'Request context', 'Result'],
      proofs.alertRoutes.map((r) => [
        `${r.source.stack} \`${r.source.logicalId}\` (${r.kind}${r.eventSources.length ? `: ${r.eventSources.join(', ')}` : ''})`,
        `\`${r.target}\`${r.key ? ` key \`${r.key}\`` : ''}${r.role ? ` role \`${r.role}\`` : ''}`,
        r.calls.map(callText).join('; ') || 'no call (topic without a key of the assembly)',
        [...new Set(r.calls.map((c) => c.contextSource))].map((u) => `[doc](${u})`).join(' '),
        verdict(r.passed),
      ]),
    ),
    '',
    '### Negative cases (must be denied)',
    '',
    ...table(
      ['Case', 'Topic or role', 'Simulated calls', 'Result'],
      proofs.alertRouteNegatives.map((n) => [
        n.case,
        `\`${n.subject}\``,
        n.calls.map(callText).join('; '),
        verdict(n.passed),
      ]),
    ),
    '',
    '## Attack catalog',
    '',
    ...table(
      [
        'Id',
        'Attack',
        'Persona',
        'Action',
        'Resource',
        'Expected',
        'Actual (deciding Sid)',
        'Evidences',
        'Twin',
        'Result',
      ],
      proofs.attacks.map((a) => [
        a.id,
        a.title,
        a.persona,
        `\`${a.action}\``,
        `\`${a.resource}\``,
        `${a.expected.decision}${a.expected.sid ? ` (${a.expected.sid})` : ''}`,
        `${a.decision}${a.deciding.length ? ` (${a.deciding.join(', ')})` : ''}`,
        a.evidences.join(', '),
        `${a.twin.title}: ${a.twin.decision}`,
        verdict(a.passed),
      ]),
    ),
    '',
  ];
}
