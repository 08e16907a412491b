import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AccountGuardrails } from '../../constructs/governance/account-guardrails';
import { BreakGlassRole } from '../../constructs/iam/break-glass-role';
import { CI_SESSION_TAG } from '../bootstrap';
import { GitHubDeployRole } from '../../constructs/iam/github-deploy-role';
import { acknowledgeFrameworkResources } from '../../constructs/core/framework-resources';
import type { AppConfig } from '../config/schema';

export interface GuardrailsStackProps extends StackProps {
  readonly config: AppConfig;
  /** Key of the provider's log group (Foundation logs key). */
  readonly logKey: kms.IKey;
  /** Default EBS encryption key of the primary region (Foundation data key). */
  readonly ebsKey: kms.IKey;
  /** Where break-glass use is reported (Foundation security topic). */
  readonly securityTopic: sns.ITopic;
  /**
   * Log group of the multi-region trail (Audit stack): break-glass use from any region raises an alarm.
   * @default - EventBridge rule only
   */
  readonly trailLogGroup?: logs.ILogGroup;
}

/**
 * Account-level IAM guardrails of one environment: password policy, S3 Block Public Access, EBS
 * encryption and IMDSv2 defaults, IAM Access Analyzer, the break-glass role and the CI deploy role.
 * (The permissions boundary of every role lives in the PermissionsBoundary stack, deployed first.)
 */
export class GuardrailsStack extends Stack {
  public readonly guardrails: AccountGuardrails;
  /** Emergency administrator role (MFA, 1-hour sessions, every use notified). */
  public readonly breakGlassRole: iam.IRole;
  /** GitHub Actions OIDC deploy role; undefined when `identity.ciDeploy` is not configured. */
  public readonly deployRole?: iam.IRole;

  constructor(scope: Construct, id: string, props: GuardrailsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { guardrails, ciDeploy } = config.identity;
    const prefix = `security-baseline-${config.environment.name.toLowerCase()}`;

    this.guardrails = new AccountGuardrails(this, 'AccountGuardrails', {
      iamPasswordMinLength: guardrails.iamPasswordPolicy.minLength,
      iamPasswordMaxAgeDays: guardrails.iamPasswordPolicy.maxAgeDays,
      ebsDefaultKey: props.ebsKey,
      additionalRegions: [config.environment.backupRegion],
      unusedAccessAgeDays: guardrails.unusedAccessAgeDays,
      analyzerNamePrefix: prefix,
      logKey: props.logKey,
      logRetentionDays: config.retention.logDays,
    });
    acknowledgeFrameworkResources(this, 'AwsCustomResourceProvider');

    this.breakGlassRole = new BreakGlassRole(this, 'BreakGlass', {
      roleName: `${prefix}-break-glass`,
      mfaMaxAgeSeconds: guardrails.breakGlassMfaMaxAgeSeconds,
      trustedPrincipalArns: guardrails.breakGlassPrincipalArns,
      notificationTopic: props.securityTopic,
      trailLogGroup: props.trailLogGroup,
    }).role;

    if (ciDeploy) {
      this.deployRole = new GitHubDeployRole(this, 'GitHubDeploy', {
        roleName: `${prefix}-github-deploy`,
        repository: ciDeploy.repository,
        branches: ciDeploy.branches,
        environments: ciDeploy.environments,
        bootstrapQualifier: ciDeploy.bootstrapQualifier,
        regions: [
          ...new Set([
            config.environment.region,
            config.environment.backupRegion,
            ...ciDeploy.additionalRegions,
          ]),
        ],
        existingOidcProviderArn: ciDeploy.existingOidcProviderArn,
        deploySessionTag: CI_SESSION_TAG,
      }).role;
    }
  }
}
