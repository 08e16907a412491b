import {
  Aws,
  BootstraplessSynthesizer,
  CfnCondition,
  CfnParameter,
  CfnResource,
  Fn,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct, IConstruct } from 'constructs';
import { validateConfigChannelDestination } from '../../../constructs/detection/config-delivery';
import { EventForwarder } from '../../../constructs/detection/event-forwarder';
import { ProfileConfigRules } from '../../../constructs/detection/profile-config-rules';
import { InlineAccountGuardrails } from '../../../constructs/governance/inline-account-guardrails';
import { BreakGlassRole } from '../../../constructs/iam/break-glass-role';
import { WorkloadPermissionsBoundary } from '../../../constructs/iam/workload-permissions-boundary';
import { OrganizationTopicPublisher } from '../../../constructs/notifications/organization-topic-publisher';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Aspects, AspectPriority, type IAspect } from 'aws-cdk-lib';
import {
  memberConfigRules,
  NO_PROFILE,
  organizationNames,
  type OrganizationConfig,
} from '../../config/organization';
import { DEPLOY_REGIONS_METADATA } from '../../../proofs/resolved-assembly';

/** Parameter of the member template: 'true' where the account has no AWS Config recorder of its own. */
export const CREATE_CONFIG_RECORDER_PARAMETER = 'CreateConfigRecorder';

/** Parameter of the member template: the profile of the account's OU (the StackSet sets it per OU). */
export const PROFILE_PARAMETER = 'Profile';

export interface MemberBaselineStackProps extends StackProps {
  readonly config: OrganizationConfig;
}

/** Sets the permissions boundary of every IAM role (the member template's roles: its own, and CDK's). */
class ConditionalBoundary implements IAspect {
  constructor(private readonly arnFor: (condition?: CfnCondition) => string) {}

  public visit(node: IConstruct): void {
    if (node instanceof iam.CfnRole) node.permissionsBoundary = this.arnFor(node.cfnOptions.condition);
  }
}

/** Puts every CloudFormation resource under `scope` under `condition`. */
function onlyIf(scope: IConstruct, condition: CfnCondition): void {
  for (const c of scope.node.findAll()) if (c instanceof CfnResource) c.cfnOptions.condition = condition;
}

/**
 * The template the member StackSet deploys into every account of the target OUs, in every governed region
 * (environment-agnostic: account and region are the deploying instance's). Account-wide resources (the
 * permissions boundary, the break-glass role, the password policy and S3 Block Public Access) exist in the
 * home region only; EBS encryption by default and IMDSv2 in every region; the sign-in/STS forwarder in
 * us-east-1; the Config recorder only where the CreateConfigRecorder parameter is 'true'; the AWS Config
 * managed rules of the profile the Profile parameter names (account-wide ones in the home region). No detector, hub,
 * standard, Macie session, graph or trail: the organization configuration makes members of those. No asset:
 * the guardrails handler is inline code.
 */
export class MemberBaselineStack extends Stack {
  public readonly boundary: WorkloadPermissionsBoundary;

  constructor(scope: Construct, id: string, props: MemberBaselineStackProps) {
    // No bootstrap version parameter or rule (member accounts are not CDK-bootstrapped), and any asset is an
    // error at synth: StackSet instances could not read a CDK asset bucket.
    super(scope, id, { ...props, synthesizer: new BootstraplessSynthesizer() });
    const c = props.config;
    const names = organizationNames(c);
    const home = c.organization.homeRegion;

    // The regions the StackSet deploys this template to (scripts/lint-templates.ts lints it in each).
    this.addMetadata(DEPLOY_REGIONS_METADATA, c.organization.governedRegions);

    const createRecorder = new CfnParameter(this, CREATE_CONFIG_RECORDER_PARAMETER, {
      type: 'String',
      allowedValues: ['true', 'false'],
      default: 'false',
      description:
        "'true' where the account has no AWS Config recorder (Control Tower's or its own) in this region",
    });
    const profile = new CfnParameter(this, PROFILE_PARAMETER, {
      type: 'String',
      allowedValues: [NO_PROFILE, ...Object.keys(c.profiles)],
      default: NO_PROFILE,
      description: "The profile of the account's OU (config/organization.yaml targets): its AWS Config rules",
    });
    const isHome = new CfnCondition(this, 'IsHomeRegion', {
      expression: Fn.conditionEquals(Aws.REGION, home),
    });
    const recorder = new CfnCondition(this, 'CreateRecorder', {
      expression: Fn.conditionEquals(createRecorder.valueAsString, 'true'),
    });

    // Account-wide, once per account: the home region's instance.
    this.boundary = new WorkloadPermissionsBoundary(this, 'WorkloadPermissionsBoundary', {
      managedPolicyName: names.boundaryPolicy,
      protectedKeyAliasPrefix: 'security-baseline',
      protectedKeyTagKey: 'security-baseline:organization',
      accountGuardrailRoleArns: [
        `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${names.guardrailsRolePrefix}*`,
      ],
    });
    onlyIf(this.boundary, isHome);
    // EventBridge reaches the organization topic (security tooling account, home region) through this role.
    const publisher = new OrganizationTopicPublisher(this, 'OrgTopicPublisher', {
      roleName: names.topicPublisherRole,
      topicArn: names.securityTopicArn(Aws.PARTITION),
      topicAccount: c.accounts.securityTooling,
    });
    onlyIf(publisher, isHome);
    const breakGlass = new BreakGlassRole(this, 'BreakGlass', {
      roleName: c.guardrails.breakGlassRoleName,
      trustedPrincipalArns: c.guardrails.breakGlassPrincipalRoleNames.map((name) =>
        Fn.sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${name}`),
      ),
      notificationTopic: sns.Topic.fromTopicArn(
        this,
        'OrgSecurityTopic',
        names.securityTopicArn(Aws.PARTITION),
      ),
      notificationRole: publisher.role,
    });
    onlyIf(breakGlass, isHome);

    const guardrails = new InlineAccountGuardrails(this, 'AccountGuardrails', {
      iamPasswordMaxAgeDays: c.guardrails.iamPasswordMaxAgeDays,
      roleName: `${names.guardrailsRolePrefix}${Aws.REGION}`,
      logRetentionDays: c.retention.logDays,
    });
    onlyIf(guardrails.accountWide, isHome);

    // AWS emits console sign-in and global-endpoint STS events in us-east-1 only.
    if (home !== 'us-east-1' && c.organization.governedRegions.includes('us-east-1')) {
      const inUsEast1 = new CfnCondition(this, 'IsUsEast1', {
        expression: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
      });
      const forwarder = new EventForwarder(this, 'SignInEvents', {
        targetRegion: home,
        sources: ['aws.signin', 'aws.sts'],
      });
      onlyIf(forwarder, inUsEast1);
    }

    // Only where the account has none (a second recorder per account and region fails). The service-linked
    // role AWSServiceRoleForConfig is created by AWS Config with the first recorder of the account.
    const configRecorder = new config.CfnConfigurationRecorder(this, 'ConfigRecorder', {
      roleArn: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingGroup: {
        allSupported: true,
        includeGlobalResourceTypes: Fn.conditionIf(isHome.logicalId, true, false) as unknown as boolean,
      },
    });
    const channel = new config.CfnDeliveryChannel(this, 'ConfigDeliveryChannel', {
      s3BucketName: names.configBucket,
      s3KeyPrefix: 'config',
      s3KmsKeyArn: `arn:${Aws.PARTITION}:kms:${home}:${c.accounts.logArchive}:${names.logKeyAlias}`,
    });
    channel.addResourceDependency(configRecorder);
    validateConfigChannelDestination(channel);
    configRecorder.cfnOptions.condition = recorder;
    channel.cfnOptions.condition = recorder;

    new ProfileConfigRules(this, 'ConfigRules', {
      profile: profile.valueAsString,
      rules: memberConfigRules(c),
      homeRegion: home,
      createdRecorder: { condition: recorder, deliveryChannel: channel },
    });

    // Every role of the template carries the boundary: by reference in the home region (where it is created
    // first), by its name elsewhere (the home region is first in the StackSet's region order).
    const byName = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${names.boundaryPolicy}`;
    const byRef = this.boundary.policy.managedPolicyArn;
    Aspects.of(this).add(
      new ConditionalBoundary((condition) =>
        condition === isHome
          ? byRef
          : condition
            ? byName
            : Fn.conditionIf(isHome.logicalId, byRef, byName).toString(),
      ),
      { priority: AspectPriority.MUTATING },
    );
  }
}
