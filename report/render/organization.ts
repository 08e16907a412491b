/**
 * organization.md and organization.html: the organization view (report/organization.ts) for auditors. The HTML
 * is self-contained with the environment reports' Content-Security-Policy and style; every value is escaped.
 */
import type { OrganizationView, SingletonRow } from '../organization';
import { CSS, esc } from './html';
import { table } from './md';

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
        ['Source commit', v.commit],
        ['Generated', v.generatedAt],
      ],
    },
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
