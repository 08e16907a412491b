import {
  EnableOrganizationAdminAccountCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListOrganizationAdminAccountsCommand,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-guardduty';
import {
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import {
  DescribeOrganizationConfigurationCommand as DetectiveDescribeOrg,
  DetectiveClient,
  ListGraphsCommand,
  UpdateOrganizationConfigurationCommand as DetectiveUpdateOrg,
} from '@aws-sdk/client-detective';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AdminConflictError,
  autoEnable,
  registerAdmin,
} from '../../../constructs/organization/org-service-admin/handler';

const guardduty = mockClient(GuardDutyClient);
const organizations = mockClient(OrganizationsClient);
const detective = mockClient(DetectiveClient);
const SECURITY = '300000000002';
beforeEach(() => {
  guardduty.reset();
  organizations.reset();
  detective.reset();
});

describe('delegated administrator registration reads the current state first', () => {
  test('registers the security account when no administrator is set', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [] });
    guardduty.on(EnableOrganizationAdminAccountCommand).resolves({});
    await expect(
      registerAdmin({ Action: 'RegisterAdmin', Service: 'guardduty', AdminAccountId: SECURITY }),
    ).resolves.toBe('registered');
    expect(guardduty.commandCalls(EnableOrganizationAdminAccountCommand)[0].args[0].input).toEqual({
      AdminAccountId: SECURITY,
    });
  });

  test('adopts the security account when it already is the administrator (no registration call)', async () => {
    guardduty
      .on(ListOrganizationAdminAccountsCommand)
      .resolves({ AdminAccounts: [{ AdminAccountId: SECURITY, AdminStatus: 'ENABLED' }] });
    await expect(
      registerAdmin({ Action: 'RegisterAdmin', Service: 'guardduty', AdminAccountId: SECURITY }),
    ).resolves.toBe('adopted');
    expect(guardduty.commandCalls(EnableOrganizationAdminAccountCommand)).toHaveLength(0);
  });

  test('fails if another account is the administrator, naming it and the fix, without changing anything', async () => {
    guardduty
      .on(ListOrganizationAdminAccountsCommand)
      .resolves({ AdminAccounts: [{ AdminAccountId: '399999999999', AdminStatus: 'ENABLED' }] });
    const run = registerAdmin({ Action: 'RegisterAdmin', Service: 'guardduty', AdminAccountId: SECURITY });
    await expect(run).rejects.toBeInstanceOf(AdminConflictError);
    await expect(run).rejects.toThrow(
      /GuardDuty: the delegated administrator is 399999999999, not 300000000002.*deregister 399999999999/,
    );
    expect(guardduty.commandCalls(EnableOrganizationAdminAccountCommand)).toHaveLength(0);
  });

  test('Organizations services (Access Analyzer): registers when none, fails on another', async () => {
    organizations.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [] });
    await expect(
      registerAdmin({
        Action: 'RegisterAdmin',
        Service: 'organizations',
        AdminAccountId: SECURITY,
        Settings: JSON.stringify({ servicePrincipal: 'access-analyzer.amazonaws.com' }),
      }),
    ).resolves.toBe('registered');
    expect(organizations.commandCalls(RegisterDelegatedAdministratorCommand)[0].args[0].input).toEqual({
      AccountId: SECURITY,
      ServicePrincipal: 'access-analyzer.amazonaws.com',
    });
    organizations
      .on(ListDelegatedAdministratorsCommand)
      .resolves({ DelegatedAdministrators: [{ Id: '399999999999' }] });
    await expect(
      registerAdmin({
        Action: 'RegisterAdmin',
        Service: 'organizations',
        AdminAccountId: SECURITY,
        Settings: JSON.stringify({ servicePrincipal: 'access-analyzer.amazonaws.com' }),
      }),
    ).rejects.toThrow(/access-analyzer.amazonaws.com: the delegated administrator is 399999999999/);
  });
});

describe('GuardDuty auto-enable (delegated administrator account)', () => {
  test('auto-enables every member and exactly the profile plans on the administrator detector', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    guardduty.on(UpdateOrganizationConfigurationCommand).resolves({});
    await autoEnable({
      Action: 'AutoEnable',
      Service: 'guardduty',
      AdminAccountId: SECURITY,
      Settings: JSON.stringify({
        allFeatures: ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS'],
        features: ['S3_DATA_EVENTS'],
      }),
    });
    expect(guardduty.commandCalls(UpdateOrganizationConfigurationCommand)[0].args[0].input).toEqual({
      DetectorId: 'det-1',
      AutoEnableOrganizationMembers: 'ALL',
      Features: [
        { Name: 'S3_DATA_EVENTS', AutoEnable: 'ALL' },
        { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NONE' },
      ],
    });
  });

  test('fails if the administrator has no detector in the region, saying which stack to deploy first', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    await expect(
      autoEnable({ Action: 'AutoEnable', Service: 'guardduty', AdminAccountId: SECURITY }),
    ).rejects.toThrow(/no detector in this region; deploy the management stack of this region first/);
  });
});

describe('Detective auto-enable adopts the behavior graph the registration created', () => {
  const GRAPH = `arn:aws:detective:eu-west-1:${SECURITY}:graph:0123456789abcdef0123456789abcdef`;
  const run = () => autoEnable({ Action: 'AutoEnable', Service: 'detective', AdminAccountId: SECURITY });

  test('turns auto-enable on for the graph of the account (no graph is created)', async () => {
    detective.on(ListGraphsCommand).resolves({ GraphList: [{ Arn: GRAPH }] });
    detective.on(DetectiveDescribeOrg).resolves({ AutoEnable: false });
    detective.on(DetectiveUpdateOrg).resolves({});
    await expect(run()).resolves.toBe('configured');
    expect(detective.commandCalls(DetectiveUpdateOrg)[0].args[0].input).toEqual({
      GraphArn: GRAPH,
      AutoEnable: true,
    });
  });

  test('adopts a graph whose auto-enable is already on (no update call)', async () => {
    detective.on(ListGraphsCommand).resolves({ GraphList: [{ Arn: GRAPH }] });
    detective.on(DetectiveDescribeOrg).resolves({ AutoEnable: true });
    await expect(run()).resolves.toBe('adopted');
    expect(detective.commandCalls(DetectiveUpdateOrg)).toHaveLength(0);
  });

  test('fails if the account has no graph, naming the deploy order', async () => {
    detective.on(ListGraphsCommand).resolves({ GraphList: [] });
    await expect(run()).rejects.toThrow(
      /Detective: account 300000000002 has no behavior graph in this region; .*deploy the management stack of this region first/,
    );
    expect(detective.commandCalls(DetectiveUpdateOrg)).toHaveLength(0);
  });

  test('fails if the graph is not the organization graph (another administrator), without changing anything', async () => {
    detective.on(ListGraphsCommand).resolves({ GraphList: [{ Arn: GRAPH }] });
    detective
      .on(DetectiveDescribeOrg)
      .rejects(Object.assign(new Error('not the administrator'), { name: 'AccessDeniedException' }));
    await expect(run()).rejects.toThrow(
      /is not the organization behavior graph \(AccessDeniedException\).*existingDelegatedAdmins\.detective/,
    );
    expect(detective.commandCalls(DetectiveUpdateOrg)).toHaveLength(0);
  });
});
