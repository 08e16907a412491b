/**
 * What already exists in an AWS Organization, read with the management account's credentials. Only List,
 * Describe and Get calls (test/scripts/preflight.test.ts asserts no other command is ever sent).
 */
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import {
  GuardDutyClient,
  paginateListDetectors,
  paginateListOrganizationAdminAccounts as paginateGuardDutyAdmins,
} from '@aws-sdk/client-guardduty';
import {
  DescribeOrganizationCommand,
  OrganizationsClient,
  paginateListAWSServiceAccessForOrganization,
  paginateListDelegatedAdministrators,
  paginateListDelegatedServicesForAccount,
} from '@aws-sdk/client-organizations';
import {
  DescribeHubCommand,
  paginateGetEnabledStandards,
  paginateListOrganizationAdminAccounts as paginateSecurityHubAdmins,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/**
 * Name Control Tower gives its organization trail (landing zone 3.0 and later), as in the trail ARN of the
 * KMS key policy of https://docs.aws.amazon.com/controltower/latest/userguide/configure-kms-keys.html.
 */
export const CONTROL_TOWER_TRAIL = 'aws-controltower-BaselineCloudTrail';

/**
 * Control Tower enables trusted access for this principal when it sets up the landing zone
 * (https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-controltower.html);
 * ListAWSServiceAccessForOrganization lists it. (@aws-sdk/client-controltower's ListLandingZones would be
 * the direct signal, but the registry only carries a 3.332 client, far behind the other clients here.)
 */
export const CONTROL_TOWER_PRINCIPAL = 'controltower.amazonaws.com';

/** A usage or credentials problem: exit status 2, the message only. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
}

export interface PreflightClients {
  readonly sts: STSClient;
  readonly organizations: OrganizationsClient;
  /** Home region. */
  readonly cloudTrail: CloudTrailClient;
  readonly guardDuty: (region: string) => GuardDutyClient;
  readonly securityHub: (region: string) => SecurityHubClient;
  readonly config: (region: string) => ConfigServiceClient;
}

export interface RegionInventory {
  readonly region: string;
  /** Detector ids of the management account. */
  guardDutyDetectors?: string[];
  /** GuardDuty ListOrganizationAdminAccounts (enabled ones). */
  guardDutyAdmins?: string[];
  /** Hub ARN of the management account, or null: Security Hub not enabled there. */
  securityHub?: string | null;
  /** Enabled standards (ARNs) of the management account's hub. */
  securityHubStandards?: string[];
  securityHubAdmins?: string[];
  /** AWS Config recorders of the management account. */
  configRecorders?: string[];
}

export interface Inventory {
  readonly callerAccount: string;
  readonly organizationId: string;
  readonly managementAccount: string;
  /** Service principal -> delegated administrator accounts (Organizations). */
  delegatedAdmins?: Record<string, string[]>;
  /** Service principals with trusted access. */
  trustedServices?: string[];
  /** Organization trails seen from the home region (name, home region). */
  organizationTrails?: { name: string; homeRegion: string }[];
  readonly regions: RegionInventory[];
  /** What could not be read: `section: error`. */
  readonly unreadable: string[];
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'TokenRefreshRequired',
]);

function describeError(e: unknown): string {
  const err = e as Error;
  return `${err.name}: ${err.message}`;
}

function credentialError(e: unknown): PreflightError | undefined {
  const err = e as Error;
  return CREDENTIAL_ERRORS.has(err.name) || /could not load credentials/i.test(err.message)
    ? new PreflightError(
        `no AWS credentials: run with a read-only role of the management account (e.g. 'aws sso login' or export AWS_PROFILE). (${describeError(e)})`,
      )
    : undefined;
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** Reads the organization: fails (PreflightError) only on credentials or a non-management account. */
export async function readInventory(
  clients: PreflightClients,
  homeRegion: string,
  regions: readonly string[],
): Promise<Inventory> {
  let callerAccount: string;
  let organizationId: string;
  let managementAccount: string;
  try {
    callerAccount = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
    const { Organization } = await clients.organizations.send(new DescribeOrganizationCommand({}));
    organizationId = Organization?.Id ?? '';
    managementAccount = Organization?.MasterAccountId ?? '';
  } catch (e) {
    throw (
      credentialError(e) ??
      new PreflightError(
        `cannot read the organization (${describeError(e)}): run with a read-only role of the management account`,
      )
    );
  }
  if (callerAccount !== managementAccount) {
    throw new PreflightError(
      `the credentials are for account ${callerAccount}, not the management account ${managementAccount} of ${organizationId}: run with a read-only role of the management account`,
    );
  }

  const unreadable: string[] = [];
  /** Runs one read; an error other than credentials is recorded, not thrown. */
  async function read<T>(section: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      const credentials = credentialError(e);
      if (credentials) throw credentials;
      unreadable.push(`${section}: ${describeError(e)}`);
      return undefined;
    }
  }

  const org = clients.organizations;
  const inventory: Inventory = { callerAccount, organizationId, managementAccount, regions: [], unreadable };
  inventory.delegatedAdmins = await read('Organizations delegated administrators', async () => {
    const admins: Record<string, string[]> = {};
    const pages = await collect(paginateListDelegatedAdministrators({ client: org }, {}));
    for (const account of pages.flatMap((p) => p.DelegatedAdministrators ?? [])) {
      const services = await collect(
        paginateListDelegatedServicesForAccount({ client: org }, { AccountId: account.Id }),
      );
      for (const s of services.flatMap((p) => p.DelegatedServices ?? [])) {
        (admins[s.ServicePrincipal ?? ''] ??= []).push(account.Id ?? '');
      }
    }
    return admins;
  });
  inventory.trustedServices = await read('Organizations trusted access', async () =>
    (await collect(paginateListAWSServiceAccessForOrganization({ client: org }, {})))
      .flatMap((p) => p.EnabledServicePrincipals ?? [])
      .map((s) => s.ServicePrincipal ?? ''),
  );
  inventory.organizationTrails = await read(`${homeRegion} CloudTrail trails`, async () =>
    (
      (await clients.cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ??
      []
    )
      .filter((t) => t.IsOrganizationTrail)
      .map((t) => ({ name: t.Name ?? '', homeRegion: t.HomeRegion ?? '' })),
  );

  for (const region of regions) {
    const r: RegionInventory = { region };
    const guardDuty = clients.guardDuty(region);
    r.guardDutyDetectors = await read(`${region} GuardDuty detectors`, async () =>
      (await collect(paginateListDetectors({ client: guardDuty }, {}))).flatMap((p) => p.DetectorIds ?? []),
    );
    r.guardDutyAdmins = await read(`${region} GuardDuty organization admin`, async () =>
      (await collect(paginateGuardDutyAdmins({ client: guardDuty }, {})))
        .flatMap((p) => p.AdminAccounts ?? [])
        .filter((a) => a.AdminStatus === 'ENABLED')
        .map((a) => a.AdminAccountId ?? ''),
    );
    const securityHub = clients.securityHub(region);
    r.securityHub = await read(`${region} Security Hub`, async () => {
      try {
        return (await securityHub.send(new DescribeHubCommand({}))).HubArn ?? null;
      } catch (e) {
        // DescribeHub answers InvalidAccessException (not subscribed) or ResourceNotFoundException when
        // Security Hub is not enabled in the account and region.
        if (['InvalidAccessException', 'ResourceNotFoundException'].includes((e as Error).name)) return null;
        throw e;
      }
    });
    if (r.securityHub) {
      r.securityHubStandards = await read(`${region} Security Hub standards`, async () =>
        (await collect(paginateGetEnabledStandards({ client: securityHub }, {})))
          .flatMap((p) => p.StandardsSubscriptions ?? [])
          .map((s) => s.StandardsArn ?? ''),
      );
    }
    r.securityHubAdmins = await read(`${region} Security Hub organization admin`, async () =>
      (await collect(paginateSecurityHubAdmins({ client: securityHub }, {})))
        .flatMap((p) => p.AdminAccounts ?? [])
        .filter((a) => a.Status === 'ENABLED')
        .map((a) => a.AccountId ?? ''),
    );
    r.configRecorders = await read(`${region} AWS Config recorders`, async () =>
      (
        (await clients.config(region).send(new DescribeConfigurationRecordersCommand({})))
          .ConfigurationRecorders ?? []
      ).map((c) => c.name ?? ''),
    );
    inventory.regions.push(r);
  }
  return inventory;
}
