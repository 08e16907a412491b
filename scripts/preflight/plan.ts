/**
 * From an Inventory: the YAML fragment for config/organization.yaml (controlTower, existingDelegatedAdmins)
 * and the conflicts with the current file, each naming the account and the fix.
 */
import { stringify } from 'yaml';
import type { OrganizationConfig } from '../../lib/config/organization';
import { CONTROL_TOWER_PRINCIPAL, CONTROL_TOWER_TRAIL, type Inventory } from './inventory';

type AdminKey = keyof OrganizationConfig['existingDelegatedAdmins'];

/** The organization file's existingDelegatedAdmins keys and their service principals. */
export const ADMIN_SERVICES: Record<AdminKey, string> = {
  guardduty: 'guardduty.amazonaws.com',
  securityhub: 'securityhub.amazonaws.com',
  inspector: 'inspector2.amazonaws.com',
  macie: 'macie.amazonaws.com',
  detective: 'detective.amazonaws.com',
  accessAnalyzer: 'access-analyzer.amazonaws.com',
};

export interface Fragment {
  controlTower: OrganizationConfig['controlTower'];
  existingDelegatedAdmins: OrganizationConfig['existingDelegatedAdmins'];
}

export interface Plan {
  readonly fragment: Fragment;
  /** Disagreements with the organization file: exit 1. */
  readonly conflicts: string[];
}

/** Every administrator account per key: Organizations' list plus the GuardDuty and Security Hub admin APIs. */
function adminsByKey(inv: Inventory): Record<AdminKey, string[]> {
  const result = {} as Record<AdminKey, string[]>;
  for (const [key, principal] of Object.entries(ADMIN_SERVICES) as [AdminKey, string][]) {
    const accounts = [...(inv.delegatedAdmins?.[principal] ?? [])];
    if (key === 'guardduty') accounts.push(...inv.regions.flatMap((r) => r.guardDutyAdmins ?? []));
    if (key === 'securityhub') accounts.push(...inv.regions.flatMap((r) => r.securityHubAdmins ?? []));
    result[key] = [...new Set(accounts)].sort();
  }
  return result;
}

export function controlTowerPresent(inv: Inventory): boolean {
  return (
    (inv.trustedServices ?? []).includes(CONTROL_TOWER_PRINCIPAL) ||
    (inv.organizationTrails ?? []).some((t) => t.name === CONTROL_TOWER_TRAIL)
  );
}

export function plan(inv: Inventory, config?: OrganizationConfig): Plan {
  const ct = controlTowerPresent(inv);
  const ctTrail = (inv.organizationTrails ?? []).some((t) => t.name === CONTROL_TOWER_TRAIL);
  const admins = adminsByKey(inv);
  const existing: Fragment['existingDelegatedAdmins'] = {};
  for (const [key, accounts] of Object.entries(admins) as [AdminKey, string[]][]) {
    if (accounts.length === 1) existing[key] = accounts[0];
  }
  const fragment: Fragment = {
    // Control Tower sets up AWS Config in every enrolled account and the aggregator in its audit account;
    // neither is visible from the management account, so they follow its presence.
    controlTower: { enabled: ct, owns: { trail: ctTrail, configRecorder: ct, configAggregator: ct } },
    existingDelegatedAdmins: existing,
  };

  const conflicts: string[] = [];
  for (const [key, accounts] of Object.entries(admins) as [AdminKey, string[]][]) {
    if (accounts.length > 1) {
      conflicts.push(
        `${ADMIN_SERVICES[key]}: several administrators (${accounts.join(', ')}) across regions or APIs; keep one (the security tooling account) and deregister the others`,
      );
    }
  }
  if (!config) return { fragment, conflicts };

  if (config.organization.id !== inv.organizationId) {
    conflicts.push(
      `organization.id is ${config.organization.id}, but the credentials are for ${inv.organizationId}: set organization.id: ${inv.organizationId} or use that organization's credentials`,
    );
  }
  if (config.accounts.management !== inv.managementAccount) {
    conflicts.push(
      `accounts.management is '${config.accounts.management}', but the management account is ${inv.managementAccount}: set accounts.management: '${inv.managementAccount}'`,
    );
  }
  const security = config.accounts.securityTooling;
  for (const [key, accounts] of Object.entries(admins) as [AdminKey, string[]][]) {
    const principal = ADMIN_SERVICES[key];
    const configured = config.existingDelegatedAdmins[key];
    for (const account of accounts.filter((a) => a !== security)) {
      conflicts.push(
        `${principal}: delegated administrator is ${account}, but accounts.securityTooling is '${security}': the baseline never moves an administrator; deregister ${account} (${deregister(key, account)}) or set accounts.securityTooling: '${account}'`,
      );
    }
    if (accounts.length === 1 && accounts[0] === security && configured !== security) {
      conflicts.push(
        `${principal}: ${security} is already the delegated administrator: add existingDelegatedAdmins.${key}: '${security}' so the baseline adopts it`,
      );
    }
    if (accounts.length === 0 && configured && !readFailed(inv, key)) {
      conflicts.push(
        `existingDelegatedAdmins.${key} is '${configured}', but no delegated administrator is registered for ${principal}: remove existingDelegatedAdmins.${key} so the baseline registers it`,
      );
    }
  }
  if (ct !== config.controlTower.enabled) {
    conflicts.push(
      ct
        ? `a Control Tower landing zone governs ${inv.organizationId}, but controlTower.enabled is false: set controlTower (below) so the baseline does not duplicate what Control Tower owns`
        : `controlTower.enabled is true, but no landing zone was found (no trusted access for ${CONTROL_TOWER_PRINCIPAL}, no trail ${CONTROL_TOWER_TRAIL}): set controlTower.enabled: false`,
    );
  }
  if (inv.organizationTrails && ctTrail !== config.controlTower.owns.trail) {
    conflicts.push(
      ctTrail
        ? `Control Tower's organization trail ${CONTROL_TOWER_TRAIL} exists, but controlTower.owns.trail is false: set controlTower.owns.trail: true (the baseline would add a second organization trail)`
        : `controlTower.owns.trail is true, but there is no organization trail ${CONTROL_TOWER_TRAIL}: set controlTower.owns.trail: false so the baseline creates the organization trail`,
    );
  }
  return { fragment, conflicts };
}

/**
 * The command that removes an administrator: GuardDuty and Security Hub have their own (run in every governed
 * region); the others are deregistered in Organizations.
 */
function deregister(key: AdminKey, account: string): string {
  if (key === 'guardduty' || key === 'securityhub') {
    return `aws ${key} disable-organization-admin-account --admin-account-id ${account}, in every governed region`;
  }
  return `aws organizations deregister-delegated-administrator --account-id ${account} --service-principal ${ADMIN_SERVICES[key]}`;
}

/** True when a section that could name an administrator for `key` was not readable. */
function readFailed(inv: Inventory, key: AdminKey): boolean {
  if (!inv.delegatedAdmins) return true;
  if (key === 'guardduty') return inv.regions.some((r) => !r.guardDutyAdmins);
  if (key === 'securityhub') return inv.regions.some((r) => !r.securityHubAdmins);
  return false;
}

const list = (items: readonly string[] | undefined) =>
  items === undefined ? '(not readable)' : items.length ? items.join(', ') : 'none';

/** The report printed by `npm run preflight -- --org`. */
export function render(inv: Inventory, result: Plan, configFile: string | undefined): string {
  const lines = [
    `Organization ${inv.organizationId}, management account ${inv.managementAccount}`,
    '',
    'Found:',
    `  Control Tower: ${controlTowerPresent(inv) ? 'landing zone present' : 'none'}`,
    `  organization trails: ${list(inv.organizationTrails?.map((t) => `${t.name} (${t.homeRegion})`))}`,
    `  delegated administrators: ${
      inv.delegatedAdmins === undefined
        ? '(not readable)'
        : list(
            Object.entries(inv.delegatedAdmins)
              .sort()
              .map(([p, a]) => `${p} -> ${a.join(', ')}`),
          )
    }`,
    ...inv.regions.flatMap((r) => [
      `  ${r.region}:`,
      `    GuardDuty detectors: ${list(r.guardDutyDetectors)}; organization admin: ${list(r.guardDutyAdmins)}`,
      `    Security Hub: ${r.securityHub === undefined ? '(not readable)' : (r.securityHub ?? 'not enabled')}${
        r.securityHub ? `; standards: ${list(r.securityHubStandards)}` : ''
      }; organization admin: ${list(r.securityHubAdmins)}`,
      `    AWS Config recorders: ${list(r.configRecorders)}`,
    ]),
    '',
    `Put this in ${configFile ?? 'config/organization.yaml'}:`,
    '',
    stringify(result.fragment).trimEnd().replace(/^/gm, '  '),
  ];
  if (inv.unreadable.length) {
    lines.push(
      '',
      'Not readable (grant the read-only role these List/Describe/Get actions and run again):',
      ...inv.unreadable.map((u) => `  - ${u}`),
    );
  }
  if (result.conflicts.length) {
    lines.push(
      '',
      `Conflicts${configFile ? ` with ${configFile}` : ''}:`,
      ...result.conflicts.map((c) => `  - ${c}`),
    );
  } else if (configFile) {
    lines.push('', `No conflicts with ${configFile}.`);
  }
  return lines.join('\n');
}
