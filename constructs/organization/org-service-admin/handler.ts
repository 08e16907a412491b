/**
 * Custom resource for the organization settings CloudFormation has no type for: the delegated
 * administrator of GuardDuty, Macie, Inspector and the Organizations-registered services (management
 * account), and their auto-enable organization configuration (delegated administrator account), Detective's
 * included (its administrator is registered with AWS::Detective::OrganizationAdmin).
 *
 * Registration reads the current administrator first: none -> register; the same account -> adopt (no
 * call); another account -> fail naming it (the baseline never moves an administrator). Delete leaves
 * everything in place: removing a delegated administrator or auto-enable would stop detection org-wide.
 */
import {
  DescribeOrganizationConfigurationCommand as DetectiveDescribeOrg,
  DetectiveClient,
  ListGraphsCommand,
  UpdateOrganizationConfigurationCommand as DetectiveUpdateOrg,
} from '@aws-sdk/client-detective';
import {
  EnableOrganizationAdminAccountCommand as GuardDutyEnableAdmin,
  GuardDutyClient,
  ListDetectorsCommand,
  ListOrganizationAdminAccountsCommand as GuardDutyListAdmins,
  UpdateOrganizationConfigurationCommand as GuardDutyUpdateOrg,
} from '@aws-sdk/client-guardduty';
import {
  EnableDelegatedAdminAccountCommand,
  Inspector2Client,
  ListDelegatedAdminAccountsCommand,
  UpdateOrganizationConfigurationCommand as InspectorUpdateOrg,
} from '@aws-sdk/client-inspector2';
import {
  EnableOrganizationAdminAccountCommand as MacieEnableAdmin,
  ListOrganizationAdminAccountsCommand as MacieListAdmins,
  Macie2Client,
  UpdateOrganizationConfigurationCommand as MacieUpdateOrg,
} from '@aws-sdk/client-macie2';
import {
  EnableAWSServiceAccessCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';

/** Resource properties (CloudFormation passes them as strings; `Settings` is JSON). */
export interface OrgServiceAdminProperties {
  readonly Action: 'RegisterAdmin' | 'AutoEnable';
  readonly Service: 'guardduty' | 'macie' | 'inspector' | 'detective' | 'organizations';
  readonly AdminAccountId: string;
  /** JSON: `{ servicePrincipal }` (organizations), `{ features: string[] }` (guardduty), `{ ec2, ecr, lambda }` (inspector). */
  readonly Settings?: string;
}

interface Event {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: OrgServiceAdminProperties & { ServiceToken: string };
}

/** What a registration found and did (returned as the resource's Data, and in tests). */
export type Outcome = 'registered' | 'adopted' | 'configured';

export class AdminConflictError extends Error {}

function conflict(service: string, current: string, wanted: string): never {
  throw new AdminConflictError(
    `${service}: the delegated administrator is ${current}, not ${wanted} (accounts.securityTooling). The baseline does not move an administrator: deregister ${current} in the management account, or set accounts.securityTooling and existingDelegatedAdmins in config/organization.yaml to ${current} (docs/organization.md)`,
  );
}

/** Registers `admin` for the service unless it already is; fails when another account is. */
export async function registerAdmin(p: OrgServiceAdminProperties): Promise<Outcome> {
  const admin = p.AdminAccountId;
  const settings = JSON.parse(p.Settings ?? '{}') as { servicePrincipal?: string };
  switch (p.Service) {
    case 'guardduty': {
      const client = new GuardDutyClient({});
      const { AdminAccounts = [] } = await client.send(new GuardDutyListAdmins({}));
      const current = AdminAccounts.find((a) => a.AdminStatus === 'ENABLED')?.AdminAccountId;
      if (current === admin) return 'adopted';
      if (current) conflict('GuardDuty', current, admin);
      await client.send(new GuardDutyEnableAdmin({ AdminAccountId: admin }));
      return 'registered';
    }
    case 'macie': {
      const client = new Macie2Client({});
      const { adminAccounts = [] } = await client.send(new MacieListAdmins({}));
      const current = adminAccounts.find((a) => a.status === 'ENABLED')?.accountId;
      if (current === admin) return 'adopted';
      if (current) conflict('Macie', current, admin);
      await client.send(new MacieEnableAdmin({ adminAccountId: admin }));
      return 'registered';
    }
    case 'inspector': {
      const client = new Inspector2Client({});
      const { delegatedAdminAccounts = [] } = await client.send(new ListDelegatedAdminAccountsCommand({}));
      const current = delegatedAdminAccounts.find((a) => a.status === 'ENABLED')?.accountId;
      if (current === admin) return 'adopted';
      if (current) conflict('Inspector', current, admin);
      await client.send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: admin }));
      return 'registered';
    }
    case 'organizations': {
      const principal = settings.servicePrincipal;
      if (!principal) throw new Error('organizations: Settings.servicePrincipal is required');
      const client = new OrganizationsClient({});
      // Trusted access first (idempotent): registration requires it.
      await client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: principal }));
      const { DelegatedAdministrators = [] } = await client.send(
        new ListDelegatedAdministratorsCommand({ ServicePrincipal: principal }),
      );
      const ids = DelegatedAdministrators.map((a) => a.Id);
      if (ids.includes(admin)) return 'adopted';
      // Services that allow one administrator only (Access Analyzer): another one is a conflict.
      if (ids.length > 0) conflict(principal, ids.join(', '), admin);
      await client.send(
        new RegisterDelegatedAdministratorCommand({ AccountId: admin, ServicePrincipal: principal }),
      );
      return 'registered';
    }
    case 'detective':
      throw new Error('detective: the administrator is registered with AWS::Detective::OrganizationAdmin');
  }
}

/**
 * Detective: registering the administrator creates its behavior graph (AWS::Detective::OrganizationAdmin,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-detective-organizationadmin.html),
 * so the graph is adopted here, never created: auto-enable is switched on unless it already is.
 */
async function detectiveAutoEnable(admin: string): Promise<Outcome> {
  const client = new DetectiveClient({});
  const { GraphList = [] } = await client.send(new ListGraphsCommand({}));
  const graph = GraphList[0]?.Arn;
  if (!graph) {
    throw new Error(
      `Detective: account ${admin} has no behavior graph in this region; registering it as the Detective administrator creates one: deploy the management stack of this region first, or register ${admin} (existingDelegatedAdmins.detective)`,
    );
  }
  let enabled: boolean | undefined;
  try {
    ({ AutoEnable: enabled } = await client.send(new DetectiveDescribeOrg({ GraphArn: graph })));
  } catch (e) {
    throw new Error(
      `Detective: the behavior graph ${graph} of account ${admin} is not the organization behavior graph (${(e as Error).name}): another account is the Detective administrator, or none is. The baseline does not move an administrator: deregister the other one in the management account, or set accounts.securityTooling and existingDelegatedAdmins.detective in config/organization.yaml to it (docs/organization.md)`,
    );
  }
  if (enabled) return 'adopted';
  await client.send(new DetectiveUpdateOrg({ GraphArn: graph, AutoEnable: true }));
  return 'configured';
}

/** Turns on auto-enable for every member (run in the delegated administrator account). */
export async function autoEnable(p: OrgServiceAdminProperties): Promise<Outcome> {
  const settings = JSON.parse(p.Settings ?? '{}') as {
    features?: string[];
    allFeatures?: string[];
    ec2?: boolean;
    ecr?: boolean;
    lambda?: boolean;
  };
  switch (p.Service) {
    case 'guardduty': {
      const client = new GuardDutyClient({});
      const { DetectorIds = [] } = await client.send(new ListDetectorsCommand({}));
      if (DetectorIds.length === 0) {
        throw new Error(
          'GuardDuty: this account has no detector in this region; deploy the management stack of this region first (registering the delegated administrator enables GuardDuty here)',
        );
      }
      const on = new Set(settings.features ?? []);
      await client.send(
        new GuardDutyUpdateOrg({
          DetectorId: DetectorIds[0],
          AutoEnableOrganizationMembers: 'ALL',
          Features: (settings.allFeatures ?? []).map((name) => ({
            Name: name as never,
            AutoEnable: on.has(name) ? 'ALL' : 'NONE',
          })),
        }),
      );
      return 'configured';
    }
    case 'macie':
      await new Macie2Client({}).send(new MacieUpdateOrg({ autoEnable: true }));
      return 'configured';
    case 'inspector':
      await new Inspector2Client({}).send(
        new InspectorUpdateOrg({
          autoEnable: { ec2: !!settings.ec2, ecr: !!settings.ecr, lambda: !!settings.lambda },
        }),
      );
      return 'configured';
    case 'detective':
      return detectiveAutoEnable(p.AdminAccountId);
    case 'organizations':
      throw new Error('organizations: AutoEnable does not apply');
  }
}

export async function handler(event: Event): Promise<void> {
  let body: Record<string, unknown>;
  const physical = `${event.ResourceProperties.Action}-${event.ResourceProperties.Service}`;
  try {
    const outcome =
      event.RequestType === 'Delete'
        ? 'left in place'
        : event.ResourceProperties.Action === 'RegisterAdmin'
          ? await registerAdmin(event.ResourceProperties)
          : await autoEnable(event.ResourceProperties);
    console.log(JSON.stringify({ physical, outcome }));
    body = { Status: 'SUCCESS', Data: { Outcome: outcome } };
  } catch (e) {
    console.error(e);
    body = { Status: 'FAILED', Reason: (e as Error).message.slice(0, 900) };
  }
  await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: JSON.stringify({
      ...body,
      PhysicalResourceId: event.PhysicalResourceId ?? physical,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    }),
  });
}
