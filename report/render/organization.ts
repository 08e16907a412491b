/**
 * organization.md and organization.html: the organization view (report/organization.ts) for auditors. The HTML
 * is self-contained with the environment reports' Content-Security-Policy and style; every value is escaped.
 */
import type { OrganizationView, SingletonRow } from '../organization';
import { CSS, esc } from './html';
import { table } from './md';
import { callText, verdict } from './proofs';

const list = (values: readonly string[] | undefined): string => (values?.length ? values.join(', ') : 'none');

/** Where the baseline creates a singleton, or `not created`; a condition is named. */
const created = (s: SingletonRow): string =>
  s.createdIn.length
    ? s.createdIn
        .map(
          (l) =>
            `${l.stack}${l.region ? ` (${l.region})` : ''} ${l.logicalId}${l.condition ? ` only if condition ${l.condition}` : ''}`,
        )
        .join('; ')
    : 'not created';

const inspector = (i: Readonly<Record<string, boolean>> | undefined): string =>
  i ? list(Object.keys(i).filter((k) => i[k])) : 'not set';

interface Section {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  readonly lead?: string;
}

/** One line: what the proofs decided, from the proofs alone. */
export function organizationProofsLead(v: OrganizationView): string {
  const p = v.proofStatus;
  if (p.status === 'not evaluated') {
    return `Proofs NOT EVALUATED: ${v.proofs.error ?? 'unknown error'}. Nothing of the Org stage is proven.`;
  }
  return (
    `Proofs ${p.status === 'proven' ? 'PROVEN' : 'FAILING'}: ${p.alertRoutesPassed} of ${p.alertRoutes} alert routes delivered, ` +
    `${p.negativesPassed} of ${p.negatives} negative cases denied, ${p.attacksPassed} of ${p.attacks} attacks stopped with their legitimate twin allowed` +
    `${p.notApplicable ? ` (${p.notApplicable} catalog entries do not apply to this configuration)` : ''}. ` +
    `The member template is proven as its StackSet instance in account ${v.proofs.memberAccount} (a stand-in for any account of the target OUs) of organization ${v.proofs.organizationId}; ` +
    'each decision is made by @cloud-copilot/iam-simulate over the policies read from the synthesized templates.'
  );
}

/** The proof sections: routes, negative cases, attacks, entries that do not apply. */
function proofSections(v: OrganizationView): Section[] {
  const { proofs } = v;
  return [
    {
      title: 'Alert routes (simulated)',
      lead: organizationProofsLead(v),
      head: ['Source (rule or alarm)', 'Kind', 'Target', 'Simulated calls', 'Request context', 'Result'],
      rows: proofs.alertRoutes.map((r) => [
        `${r.source.stack} ${r.source.logicalId}`,
        `${r.kind}${r.eventSources.length ? ` (${r.eventSources.join(', ')})` : ''}`,
        `${r.target}${r.key ? ` key ${r.key}` : ''}${r.role ? ` role ${r.role}` : ''}`,
        r.calls.map(callText).join('; ') || 'no call (topic without a key of the assembly)',
        [...new Set(r.calls.map((c) => c.contextSource))].join(' '),
        verdict(r.passed),
      ]),
    },
    {
      title: 'Alert route negative cases (must be denied)',
      head: ['Case', 'Topic or role', 'Source', 'Simulated calls', 'Result'],
      rows: proofs.alertRouteNegatives.map((n) => [
        n.case,
        n.subject,
        `${n.source.stack} ${n.source.logicalId}`,
        n.calls.map((c) => `${callText(c)} as ${c.principal}`).join('; '),
        verdict(n.passed),
      ]),
    },
    {
      title: 'Organization attack catalog',
      lead: 'compliance/attack-catalog.ts ORG_ATTACK_CATALOG: an attack passes when it is decided as expected and its legitimate twin is allowed.',
      head: [
        'Id',
        'Attack (persona)',
        'Action, resource',
        'Expected',
        'Actual (deciding)',
        'Evidences',
        'Legitimate twin',
        'Result',
      ],
      rows: proofs.attacks.map((a) => [
        a.id,
        `${a.title} (${a.persona})`,
        `${a.action} ${a.resource}`,
        `${a.expected.decision}${a.expected.sid ? ` (${a.expected.sid})` : ''}`,
        `${a.decision}${a.deciding.length ? ` (${a.deciding.join(', ')})` : ''}`,
        a.evidences.join(', '),
        `${a.twin.title}: ${a.twin.action} → ${a.twin.decision}`,
        verdict(a.passed),
      ]),
    },
    {
      title: 'Catalog entries that do not apply to this configuration',
      head: ['Id', 'Attack', 'Statement the templates do not have'],
      rows: proofs.notApplicable.map((n) => [n.id, n.title, n.missingStatement]),
    },
  ];
}

/** The view as titled tables, shared by both renderings so they cannot diverge. */
function sections(v: OrganizationView): Section[] {
  return [
    {
      title: 'Organization',
      head: ['Field', 'Value'],
      rows: [
        ['Organization id', v.organization.id],
        ['Home region', v.organization.homeRegion],
        ['Governed regions', list(v.organization.governedRegions)],
        ['Management account', v.accounts.management],
        ['Security tooling account (delegated administrator)', v.accounts.securityTooling],
        ['Log archive account', v.accounts.logArchive],
        ['Control Tower', v.controlTower.enabled ? 'present' : 'absent'],
        ['Configuration file', `${v.configFile.file} (SHA-256 ${v.configFile.sha256})`],
        ['Proofs', v.proofStatus.status],
        ['Source commit', v.commit],
        ['Generated', v.generatedAt],
      ],
    },
    ...proofSections(v),
    {
      title: 'Organization singletons',
      lead: 'Owner from the configuration (controlTower.owns); where the baseline creates each one is read from the synthesized Org templates.',
      head: ['Singleton', 'Resource type', 'Owner', 'Created by the baseline in'],
      rows: v.singletons.map((s) => [s.singleton, s.resourceType, s.owner, created(s)]),
    },
    {
      title: 'Member StackSet deployment targets',
      lead: 'From the synthesized AWS::CloudFormation::StackSet: the OUs, regions and account filter it deploys to.',
      head: [
        'StackSet',
        'Permission model',
        'Auto-deployment',
        'OUs',
        'Regions',
        'Account filter',
        'Parameters',
      ],
      rows: v.stackSets.flatMap((s) =>
        s.targets.map((t) => [
          `${s.name ?? s.logicalId} (${s.stack})`,
          s.permissionModel ?? 'SELF_MANAGED',
          s.autoDeployment ? 'enabled' : 'disabled',
          list(t.organizationalUnitIds),
          list(t.regions),
          t.accountFilterType ? `${t.accountFilterType}: ${list(t.accounts)}` : 'none',
          Object.entries({ ...s.parameters, ...t.parameterOverrides })
            .map(([k, val]) => `${k}=${val}`)
            .join(', ') || 'none',
        ]),
      ),
    },
    {
      title: 'Targets (configuration)',
      head: ['OU', 'Profile', 'Config recorder', 'Regions'],
      rows: v.targets.map((t) => [t.ou, t.profile, t.configRecorder ?? 'existing', list(t.regions)]),
    },
    {
      title: 'Excluded accounts',
      head: ['Account', 'Reason'],
      rows: v.exclusions.map((e) => [e.account, e.reason]),
    },
    {
      title: 'Profiles',
      head: ['Profile', 'GuardDuty plans', 'Security Hub standards', 'Macie', 'Inspector'],
      rows: v.profiles.map((p) => [
        p.name,
        list(p.guardDutyPlans),
        list(p.securityHubStandards),
        p.macie === undefined ? 'not set' : p.macie ? 'enabled' : 'disabled',
        inspector(p.inspector),
      ]),
    },
    {
      title: 'Disabled Security Hub controls',
      head: ['Profile', 'Control', 'Reason'],
      rows: v.profiles.flatMap((p) => p.disabledControls.map((d) => [p.name, d.controlId, d.reason])),
    },
    {
      title: 'Config rules per profile (member template)',
      head: ['Profile', 'Rule', 'Managed rule', 'Regions', 'Parameters'],
      rows: v.configRules.map((r) => [
        r.profile,
        r.ruleName,
        r.identifier,
        r.regions,
        list(Object.entries(r.parameters).map(([k, value]) => `${k}=${value}`)),
      ]),
    },
    {
      title: 'Detective behavior graph',
      head: ['Region', 'Administrator (auto-enable)', 'Registered by'],
      rows: v.detectiveGraphs.map((g) => [g.region, g.owner, g.registeredBy]),
    },
    {
      title: 'Existing delegated administrators (adopted)',
      head: ['Service', 'Account'],
      rows: Object.entries(v.existingDelegatedAdmins).map(([service, account]) => [service, account]),
    },
    {
      title: 'Org stage stacks',
      head: ['Stack', 'Region', 'Resources', 'cdk-nag acknowledgments', 'Unacknowledged findings'],
      rows: v.stacks.map((s) => [
        s.stack,
        s.region ?? 'any (StackSet template)',
        s.resources,
        s.acknowledgments,
        s.findings,
      ]),
    },
    {
      title: 'cdk-nag acknowledgments',
      head: ['Stack', 'Resource', 'Rule', 'Reason'],
      rows: v.acknowledgments.map((a) => [a.stack, a.path, a.rule, a.reason]),
    },
    {
      title: 'Unacknowledged findings',
      head: ['Rule', 'Resource', 'Description'],
      rows: v.findings.map((f) => [f.rule, f.path, f.description]),
    },
  ];
}

export function renderOrganizationMarkdown(v: OrganizationView): string {
  return `${[
    `# Organization view: ${v.organization.id}`,
    '',
    ...sections(v).flatMap((s) => [
      `## ${s.title}`,
      '',
      ...(s.lead ? [s.lead, ''] : []),
      ...(s.rows.length ? table(s.head, s.rows) : ['None.']),
      '',
    ]),
  ]
    .join('\n')
    .trimEnd()}\n`;
}

export function renderOrganizationHtml(v: OrganizationView): string {
  const body = sections(v)
    .map(
      (s) =>
        `<section><h2>${esc(s.title)}</h2>${s.lead ? `<p>${esc(s.lead)}</p>` : ''}${
          s.rows.length
            ? `<table><thead><tr>${s.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${s.rows
                .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
                .join('')}</tbody></table>`
            : '<p>None.</p>'
        }</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Organization view: ${esc(v.organization.id)}</title>
<style>${CSS}</style></head>
<body>
<header><h1>Security baseline organization view: ${esc(v.organization.id)}</h1>
<p class="sub">AWS security baseline · config/organization.yaml and the synthesized Org stage</p></header>
<main>
${body}
</main>
</body></html>
`;
}
