import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import {
  EnableOrganizationAdminAccountCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListOrganizationAdminAccountsCommand as ListGuardDutyAdminsCommand,
} from '@aws-sdk/client-guardduty';
import {
  DescribeOrganizationCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  DescribeHubCommand,
  GetEnabledStandardsCommand,
  ListOrganizationAdminAccountsCommand as ListSecurityHubAdminsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { parse } from 'yaml';
import { loadOrganization } from '../../lib/config/load';
import type { OrganizationConfig } from '../../lib/config/organization';
import { runPreflight, sdkClients } from '../../scripts/preflight';
import { CONTROL_TOWER_TRAIL, PreflightError } from '../../scripts/preflight/inventory';

const P = 'aws';
const ROOT = path.join(__dirname, '..', '..');
const ORG = loadOrganization(path.join(ROOT, 'config'))!;
const MANAGEMENT = ORG.config.accounts.management;
const SECURITY = ORG.config.accounts.securityTooling;
const OTHER = '300000000077';
const REGION = ORG.config.organization.homeRegion;

const mocks = {
  sts: mockClient(STSClient),
  organizations: mockClient(OrganizationsClient),
  cloudTrail: mockClient(CloudTrailClient),
  guardDuty: mockClient(GuardDutyClient),
  securityHub: mockClient(SecurityHubClient),
  config: mockClient(ConfigServiceClient),
};

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

/** A clean organization: no delegated administrator, no Control Tower, nothing enabled in the management account. */
beforeEach(() => {
  Object.values(mocks).forEach((m) => m.reset());
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: MANAGEMENT });
  mocks.organizations
    .on(DescribeOrganizationCommand)
    .resolves({ Organization: { Id: ORG.config.organization.id, MasterAccountId: MANAGEMENT } })
    .on(ListDelegatedAdministratorsCommand)
    .resolves({ DelegatedAdministrators: [] })
    .on(ListAWSServiceAccessForOrganizationCommand)
    .resolves({ EnabledServicePrincipals: [] });
  mocks.cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  mocks.guardDuty
    .on(ListDetectorsCommand)
    .resolves({ DetectorIds: [] })
    .on(ListGuardDutyAdminsCommand)
    .resolves({ AdminAccounts: [] });
  // DescribeHub of an account not subscribed to Security Hub.
  mocks.securityHub
    .on(DescribeHubCommand)
    .rejects(awsError('InvalidAccessException', 'Account 300000000001 is not subscribed to AWS Security Hub'))
    .on(ListSecurityHubAdminsCommand)
    .resolves({ AdminAccounts: [] });
  mocks.config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
});

/** An existing landing zone: trusted access for Control Tower and its organization trail. */
function controlTower() {
  mocks.organizations
    .on(ListAWSServiceAccessForOrganizationCommand)
    .resolves({ EnabledServicePrincipals: [{ ServicePrincipal: 'controltower.amazonaws.com' }] });
  mocks.cloudTrail.on(DescribeTrailsCommand).resolves({
    trailList: [{ Name: CONTROL_TOWER_TRAIL, HomeRegion: REGION, IsOrganizationTrail: true }],
  });
}

/** `account` registered as delegated administrator of GuardDuty and Security Hub. */
function admin(account: string) {
  mocks.organizations
    .on(ListDelegatedAdministratorsCommand)
    .resolves({ DelegatedAdministrators: [{ Id: account }] })
    .on(ListDelegatedServicesForAccountCommand, { AccountId: account })
    .resolves({
      DelegatedServices: [
        { ServicePrincipal: 'guardduty.amazonaws.com' },
        { ServicePrincipal: 'securityhub.amazonaws.com' },
      ],
    });
  mocks.guardDuty
    .on(ListGuardDutyAdminsCommand)
    .resolves({ AdminAccounts: [{ AdminAccountId: account, AdminStatus: 'ENABLED' }] });
  mocks.securityHub
    .on(ListSecurityHubAdminsCommand)
    .resolves({ AdminAccounts: [{ AccountId: account, Status: 'ENABLED' }] });
}

/** Every command sent so far, by class name. */
function sentCommands(): string[] {
  return Object.values(mocks).flatMap((m) => m.calls().map((c) => c.args[0].constructor.name));
}

/** Sent commands that are not a List, Describe or Get call. */
function mutatingCommands(): string[] {
  return sentCommands().filter((name) => !/^(List|Describe|Get)[A-Za-z]+Command$/.test(name));
}

async function run(organization?: { file: string; config: OrganizationConfig }, region?: string) {
  let out = '';
  const code = await runPreflight({ organization, region }, sdkClients, (text) => (out += text));
  // Read-only: every call of every run is a List, Describe or Get.
  expect(sentCommands().length).toBeGreaterThan(0);
  expect(mutatingCommands()).toEqual([]);
  return { code, out };
}

/** The YAML block printed under "Put this in ...". */
function fragmentOf(out: string): Record<string, unknown> {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Put this in')) + 2;
  const end = lines.findIndex((l, i) => i >= start && l === '');
  return parse(lines.slice(start, end < 0 ? undefined : end).join('\n')) as Record<string, unknown>;
}

function withConfig(changes: Partial<OrganizationConfig>) {
  return { file: ORG.file, config: { ...ORG.config, ...changes } };
}

const NO_CONTROL_TOWER = {
  controlTower: { enabled: false, owns: { trail: false, configRecorder: false, configAggregator: false } },
  existingDelegatedAdmins: {},
};

describe('npm run preflight -- --org', () => {
  test('a clean organization without an organization file: prints the YAML, exit 0', async () => {
    const { code, out } = await run(undefined, REGION);
    expect(code).toBe(0);
    expect(fragmentOf(out)).toEqual(NO_CONTROL_TOWER);
    expect(out).toContain(`${REGION}:\n    GuardDuty detectors: none; organization admin: none`);
    expect(out).toContain('Security Hub: not enabled');
  });

  test('a clean organization matching the organization file: no conflicts in any governed region', async () => {
    const { code, out } = await run(withConfig(NO_CONTROL_TOWER));
    expect(code).toBe(0);
    expect(out).toContain(`No conflicts with ${ORG.file}.`);
    for (const region of ORG.config.organization.governedRegions) expect(out).toContain(`  ${region}:`);
    expect(mocks.config.commandCalls(DescribeConfigurationRecordersCommand)).toHaveLength(
      ORG.config.organization.governedRegions.length,
    );
  });

  test('brownfield with Control Tower and the security account already GuardDuty/Security Hub admin: adopt, exit 0', async () => {
    controlTower();
    admin(SECURITY);
    mocks.securityHub
      .on(DescribeHubCommand)
      .resolves({ HubArn: `arn:${P}:securityhub:${REGION}:${MANAGEMENT}:hub/default` })
      .on(GetEnabledStandardsCommand)
      .resolves({
        StandardsSubscriptions: [
          { StandardsArn: `arn:${P}:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0` } as never,
        ],
      });
    const { code, out } = await run(ORG);
    expect(fragmentOf(out)).toEqual({
      controlTower: ORG.config.controlTower,
      existingDelegatedAdmins: { guardduty: SECURITY, securityhub: SECURITY },
    });
    expect(out).toContain(`No conflicts with ${ORG.file}.`);
    expect(code).toBe(0);
  });

  test('the same landing zone against a file without controlTower and admins: exit 1 naming each fix', async () => {
    controlTower();
    admin(SECURITY);
    const { code, out } = await run(withConfig(NO_CONTROL_TOWER));
    expect(code).toBe(1);
    expect(out).toContain(`add existingDelegatedAdmins.guardduty: '${SECURITY}'`);
    expect(out).toContain(`add existingDelegatedAdmins.securityhub: '${SECURITY}'`);
    expect(out).toContain('controlTower.enabled is false');
    expect(out).toContain('set controlTower.owns.trail: true');
  });

  test('an administrator other than the security account: exit 1 naming the account and the fix', async () => {
    controlTower();
    admin(OTHER);
    const { code, out } = await run(ORG);
    expect(code).toBe(1);
    expect(out).toContain(
      `guardduty.amazonaws.com: delegated administrator is ${OTHER}, but accounts.securityTooling is '${SECURITY}'`,
    );
    expect(out).toContain(
      `aws guardduty disable-organization-admin-account --admin-account-id ${OTHER}, in every governed region`,
    );
    expect(out).toContain(`or set accounts.securityTooling: '${OTHER}'`);
  });

  test('access denied on Security Hub: reported as not readable, the other services still listed, exit 1', async () => {
    mocks.securityHub
      .on(DescribeHubCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform: securityhub:DescribeHub'));
    const { code, out } = await run(withConfig(NO_CONTROL_TOWER));
    expect(code).toBe(1);
    expect(out).toContain(
      `  - ${REGION} Security Hub: AccessDeniedException: not authorized to perform: securityhub:DescribeHub`,
    );
    expect(out).toContain('Security Hub: (not readable)');
    expect(out).toContain('GuardDuty detectors: none');
    expect(fragmentOf(out)).toEqual(NO_CONTROL_TOWER);
  });

  test('the read-only check catches a mutating command (twin of the check in every run)', async () => {
    await new GuardDutyClient({ region: REGION }).send(
      new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }),
    );
    expect(mutatingCommands()).toEqual(['EnableOrganizationAdminAccountCommand']);
  });

  test('credentials of a member account: a PreflightError naming both accounts', async () => {
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: SECURITY });
    await expect(run(ORG)).rejects.toThrow(
      new PreflightError(
        `the credentials are for account ${SECURITY}, not the management account ${MANAGEMENT} of ${ORG.config.organization.id}: run with a read-only role of the management account`,
      ),
    );
  });

  test('no credentials: exit 2 with the message, no stack trace (the real CLI, credential chain emptied)', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    const result = spawnSync(
      process.execPath,
      ['-r', './scripts/ts-register.js', 'scripts/preflight.ts', '--org'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...env,
          AWS_CONFIG_FILE: '/nonexistent',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'preflight: no AWS credentials: run with a read-only role of the management account',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('without --org: usage, exit 2', () => {
    const result = spawnSync(process.execPath, ['-r', './scripts/ts-register.js', 'scripts/preflight.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('preflight: usage: npm run preflight -- --org');
  });
});
