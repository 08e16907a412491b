import * as path from 'node:path';
import { CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../core/acknowledge';
import { SecureFunction } from '../compute/secure-function';
import type { OrgServiceAdminProperties } from './org-service-admin/handler';

/** The API calls each kind of setting needs (Service Authorization Reference: none has a resource ARN). */
const ACTIONS: Record<
  OrgServiceAdminProperties['Action'],
  Record<OrgServiceAdminProperties['Service'], string[]>
> = {
  RegisterAdmin: {
    guardduty: [
      'guardduty:ListOrganizationAdminAccounts',
      'guardduty:EnableOrganizationAdminAccount',
      'organizations:EnableAWSServiceAccess',
      'organizations:RegisterDelegatedAdministrator',
      'organizations:ListDelegatedAdministrators',
      'organizations:ListAWSServiceAccessForOrganization',
      'organizations:DescribeOrganization',
      'iam:CreateServiceLinkedRole',
    ],
    macie: [
      'macie2:ListOrganizationAdminAccounts',
      'macie2:EnableOrganizationAdminAccount',
      'organizations:EnableAWSServiceAccess',
      'organizations:RegisterDelegatedAdministrator',
      'organizations:ListDelegatedAdministrators',
      'organizations:DescribeOrganization',
    ],
    inspector: [
      'inspector2:ListDelegatedAdminAccounts',
      'inspector2:EnableDelegatedAdminAccount',
      'organizations:EnableAWSServiceAccess',
      'organizations:RegisterDelegatedAdministrator',
      'organizations:ListDelegatedAdministrators',
      'organizations:DescribeOrganization',
    ],
    // AWS::Detective::OrganizationAdmin registers Detective's administrator.
    detective: [],
    organizations: [
      'organizations:EnableAWSServiceAccess',
      'organizations:ListDelegatedAdministrators',
      'organizations:RegisterDelegatedAdministrator',
      'organizations:DescribeOrganization',
      'iam:CreateServiceLinkedRole',
    ],
  },
  AutoEnable: {
    guardduty: ['guardduty:ListDetectors', 'guardduty:UpdateOrganizationConfiguration'],
    macie: ['macie2:UpdateOrganizationConfiguration'],
    inspector: ['inspector2:UpdateOrganizationConfiguration'],
    detective: ['detective:ListGraphs'],
    organizations: [],
  },
};

/** Auto-enable calls that take a resource: Detective's act on the account's behavior graph of the region. */
const GRAPH_ACTIONS = [
  'detective:DescribeOrganizationConfiguration',
  'detective:UpdateOrganizationConfiguration',
];

export interface OrgServiceSettingProps {
  readonly action: OrgServiceAdminProperties['Action'];
  readonly service: OrgServiceAdminProperties['Service'];
  /** The delegated administrator (security tooling) account. */
  readonly adminAccountId: string;
  /**
   * Service-specific settings (see OrgServiceAdminProperties.Settings).
   * @default {}
   */
  readonly settings?: Record<string, unknown>;
}

export interface OrgServiceAdminProps {
  /** Key of the handler's log group. */
  readonly logKey: kms.IKey;
  /** Retention of the handler's log group, in days (a CloudWatch Logs value). */
  readonly logRetentionDays: number;
}

/**
 * The organization settings CloudFormation has no resource type for (GuardDuty, Macie and Inspector
 * delegated administrators and auto-enable; Detective auto-enable of the graph its registration creates;
 * Organizations delegated administrators with trusted access),
 * each as one custom resource of a shared function that reads the current state, adopts a matching one and
 * fails naming the account when another administrator is set (handler in org-service-admin/).
 */
export class OrgServiceAdmin extends Construct {
  public readonly function: SecureFunction;
  private readonly granted = new Set<string>();
  private graphWildcard?: string;

  constructor(scope: Construct, id: string, props: OrgServiceAdminProps) {
    super(scope, id);
    this.function = new SecureFunction(this, 'Handler', {
      entry: path.join(__dirname, 'org-service-admin', 'handler.ts'),
      description: 'Registers delegated administrators and organization auto-enable (adopts matching state)',
      logKey: props.logKey,
      logRetentionDays: props.logRetentionDays,
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions: 1,
      outsideVpcReason:
        'Called only by CloudFormation during deployments; it calls AWS Organizations and security-service control-plane APIs and handles no application data',
      deadLetterQueueExemptionReason:
        'Invoked only by CloudFormation, which waits for the answer and fails the stack operation on an error; there is no asynchronous event to keep',
    });
  }

  /** One organization setting (custom resource `Custom::OrgServiceSetting`). */
  public add(id: string, props: OrgServiceSettingProps): CustomResource {
    const actions = ACTIONS[props.action][props.service].filter((a) => !this.granted.has(a));
    if (actions.length > 0) {
      actions.forEach((a) => this.granted.add(a));
      this.function.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: `${props.action}${props.service}`, actions, resources: ['*'] }),
      );
    }
    if (
      props.action === 'AutoEnable' &&
      props.service === 'detective' &&
      !this.granted.has(GRAPH_ACTIONS[0])
    ) {
      GRAPH_ACTIONS.forEach((a) => this.granted.add(a));
      const { partition, region, account } = Stack.of(this);
      const graphs = `arn:${partition}:detective:${region}:${account}:graph:*`;
      this.function.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'AutoEnableDetectiveGraph',
          actions: GRAPH_ACTIONS,
          resources: [graphs],
        }),
      );
      // cdk-nag names an unresolved pseudo parameter <AWS::Name> in the finding id.
      const shown = (v: string, name: string) => (Token.isUnresolved(v) ? `<AWS::${name}>` : v);
      this.graphWildcard = `arn:${shown(partition, 'Partition')}:detective:${shown(region, 'Region')}:${shown(account, 'AccountId')}:graph:*`;
    }
    const properties: OrgServiceAdminProperties = {
      Action: props.action,
      Service: props.service,
      AdminAccountId: props.adminAccountId,
      Settings: Stack.of(this).toJsonString(props.settings ?? {}),
    };
    return new CustomResource(this, id, {
      serviceToken: this.function.function.functionArn,
      resourceType: 'Custom::OrgServiceSetting',
      properties: { ...properties },
    });
  }

  /** Called by the stack after the last `add`: the reason the wildcard resource is needed. */
  public acknowledgeWildcard(): void {
    acknowledgeRule(
      this.function.role.policy!,
      'AwsSolutions-IAM5[Resource::*]',
      'Delegated-administrator and organization-configuration APIs of GuardDuty, Macie, Inspector, Detective (ListGraphs) and Organizations have no resource-level permissions (Service Authorization Reference); the role may call only these',
    );
    if (this.graphWildcard) {
      acknowledgeRule(
        this.function.role.policy!,
        `AwsSolutions-IAM5[Resource::${this.graphWildcard}]`,
        "Detective's organization configuration calls act on the account's behavior graph of this region, whose id AWS assigns when the administrator is registered (unknown at synth); the account and region are fixed, and an account administers one graph per region (CreateGraph API reference)",
      );
    }
  }
}
