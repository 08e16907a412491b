import {
  AspectPriority,
  Aspects,
  BOOTSTRAP_QUALIFIER_CONTEXT,
  DefaultStackSynthesizer,
  Stage,
  type StageProps,
  Tags,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { siteLogsName } from './config/props';
import type { AppConfig } from './config/schema';
import { ApiStack } from './stacks/api-stack';
import { EdgeGlobalStack } from './stacks/edge-global-stack';
import { AuditGlobalStack } from './stacks/audit-global-stack';
import { AuditStack } from './stacks/audit-stack';
import { DataBackupCopyStack } from './stacks/data-backup-copy-stack';
import { DataStack } from './stacks/data-stack';
import { RegionalDetectionStack } from './stacks/regional-detection-stack';
import { furtherDetectionRegions } from './config/sections/detection';
import { FoundationStack } from './stacks/foundation-stack';
import { NetworkStack } from './stacks/network-stack';
import { SiteGlobalStack } from './stacks/site-global-stack';
import { SiteStack } from './stacks/site-stack';
import { PermissionsBoundaryAspect } from '../constructs/iam/workload-permissions-boundary';
import { RetainAuditState } from '../constructs/core/retain-audit-state';
import { GuardrailsStack } from './stacks/guardrails-stack';
import { IdentityStack } from './stacks/identity-stack';
import { PermissionsBoundaryStack } from './stacks/permissions-boundary-stack';
import { BootstrapStage } from './stacks/bootstrap-stack';
import { BOOTSTRAP_STAGE_ID, CI_ONLY_STACKS, CI_SESSION_TAG } from './bootstrap';

export interface EnvironmentStageProps extends StageProps {
  readonly config: AppConfig;
}

/**
 * One deployable environment (`cdk deploy 'Prod/*'`): every stack of the baseline, in dependency
 * order, all in the account and region the config names.
 */
export class EnvironmentStage extends Stage {
  public readonly foundation: FoundationStack;
  public readonly network: NetworkStack;
  public readonly edgeGlobal: EdgeGlobalStack;
  public readonly site: SiteStack;
  public readonly siteGlobal: SiteGlobalStack;
  public readonly api: ApiStack;
  public readonly audit: AuditStack;
  public readonly permissionsBoundary: PermissionsBoundaryStack;
  public readonly identity: IdentityStack;
  public readonly guardrails: GuardrailsStack;
  public readonly dataBackupCopy: DataBackupCopyStack;
  public readonly data: DataStack;
  /** The hardened CDK bootstrap's policies (a nested stage: not selected by `cdk deploy 'Prod/*'`). */
  public readonly bootstrap: BootstrapStage;
  /** Detection stacks of the backup region and us-east-1 (when not the primary region). */
  public readonly regionalDetection: RegionalDetectionStack[];

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    super(scope, id, props);
    const { config } = props;
    const env = { account: config.environment.account, region: config.environment.region };
    // The guardrail stacks (CI_ONLY_STACKS): the deploy role changes them only in the CI deploy role's tagged
    // session (bootstrap boundary, DenyGuardrailStackChangesOutsideCi), so `cdk deploy` tags that session.
    // The id names the stack in CI_ONLY_STACKS (the bootstrap boundary's list), checked by the compiler.
    const ciOnly = (_id: (typeof CI_ONLY_STACKS)[number]) =>
      new DefaultStackSynthesizer({
        deployRoleAdditionalOptions: { Tags: [{ Key: CI_SESSION_TAG.key, Value: CI_SESSION_TAG.value }] },
      });
    // Every stack deploys through the bootstrap of the configured qualifier (`npm run bootstrap` creates it):
    // DefaultStackSynthesizer reads this context key when no qualifier is given.
    const qualifier = config.identity.ciDeploy?.bootstrapQualifier;
    if (qualifier) this.node.setContext(BOOTSTRAP_QUALIFIER_CONTEXT, qualifier);
    // The zones come from config, not from an availability-zones context lookup (which `cdk synth` can only
    // resolve with credentials): the value is what the lookup would cache, so templates are unchanged.
    this.node.setContext(
      `availability-zones:account=${env.account}:region=${env.region}`,
      config.network.availabilityZones,
    );

    this.foundation = new FoundationStack(this, 'Foundation', {
      env,
      synthesizer: ciOnly('Foundation'),
      config,
      description: `Security baseline foundation (${id}): KMS keys, log buckets, security topic`,
    });

    this.network = new NetworkStack(this, 'Network', {
      env,
      config,
      logKey: this.foundation.keys.logs,
      logArchiveBucket: this.foundation.logArchiveBucket,
      description: `Security baseline network (${id}): segmented VPC, NACLs, flow logs, private endpoints`,
    });

    // Deployed first: every stack with an IAM role depends on it (added by the aspect below).
    this.permissionsBoundary = new PermissionsBoundaryStack(this, 'PermissionsBoundary', {
      env,
      synthesizer: ciOnly('PermissionsBoundary'),
      config,
      description: `Security baseline permissions boundary (${id}) carried by every IAM role`,
    });
    this.bootstrap = new BootstrapStage(this, BOOTSTRAP_STAGE_ID, {
      env,
      config,
      workloadBoundaryName: this.permissionsBoundary.boundary.managedPolicyName,
    });
    this.identity = new IdentityStack(this, 'Identity', {
      env,
      config,
      logKey: this.foundation.keys.logs,
      description: `Security baseline identity (${id}): Cognito user and admin pools, sign-in web ACL`,
    });
    // Edge: CloudFront's WAF, access-log delivery and Shield live in us-east-1 (EdgeGlobal, SiteGlobal);
    // the site bucket, distribution and API in the primary region. docs/edge.md.
    const global = { account: config.environment.account, region: 'us-east-1' };
    this.edgeGlobal = new EdgeGlobalStack(this, 'EdgeGlobal', {
      env: global,
      crossRegionReferences: true,
      config,
      description: `Security baseline edge (${id}, us-east-1): CloudFront web ACL, WAF logs, edge alarms`,
    });
    this.site = new SiteStack(this, 'Site', {
      env,
      crossRegionReferences: true,
      config,
      webAclArn: this.edgeGlobal.webAcl.arn,
      accessLogsDestination: `CloudWatch Logs group /aws/vendedlogs/cloudfront/${siteLogsName(config)} in us-east-1 (stack ${id}/SiteGlobal)`,
      accessLogsBucket: this.foundation.accessLogsBucket,
      description: `Security baseline front end (${id}): site bucket and CloudFront distribution`,
    });
    this.siteGlobal = new SiteGlobalStack(this, 'SiteGlobal', {
      env: global,
      crossRegionReferences: true,
      config,
      site: this.site.site,
      webAcl: this.edgeGlobal.webAcl,
      logsKey: this.edgeGlobal.logsKey,
      securityTopic: this.edgeGlobal.securityTopic,
      description: `Security baseline edge (${id}, us-east-1): CloudFront access-log delivery, Shield Advanced`,
    });
    this.api = new ApiStack(this, 'Api', {
      env,
      config,
      keys: this.foundation.keys,
      securityTopic: this.foundation.securityTopic,
      identity: {
        userPool: this.identity.userPool,
        readScopes: [this.identity.userScopes.read],
        writeScopes: [this.identity.userScopes.write],
      },
      vpc: this.network.network.vpc,
      vpcSubnets: this.network.network.subnets.app,
      description: `Security baseline API (${id}): regional web ACL, hardened REST API, abuse alarms`,
    });
    this.audit = new AuditStack(this, 'Audit', {
      env,
      synthesizer: ciOnly('Audit'),
      config,
      logsKey: this.foundation.keys.logs,
      accessLogsBucket: this.foundation.accessLogsBucket,
      logArchiveBucket: this.foundation.logArchiveBucket,
      securityTopic: this.foundation.securityTopic,
      description: `Security baseline detection and audit (${id}): CloudTrail, CIS alarms, GuardDuty, Security Hub, Config, Inspector`,
    });
    this.guardrails = new GuardrailsStack(this, 'Guardrails', {
      env,
      synthesizer: ciOnly('Guardrails'),
      config,
      logKey: this.foundation.keys.logs,
      ebsKey: this.foundation.keys.data,
      securityTopic: this.foundation.securityTopic,
      trailLogGroup: this.audit.trailLogGroup,
      description: `Security baseline account guardrails (${id}): IAM policies, break-glass and CI roles`,
    });
    if (config.detection.forwardGlobalSignInEvents && env.region !== 'us-east-1') {
      new AuditGlobalStack(this, 'AuditGlobal', {
        env: { account: env.account, region: 'us-east-1' },
        primaryRegion: env.region,
        description: `Security baseline (${id}): forwards us-east-1 console sign-in events to ${env.region}`,
      });
    }

    // Detection in every other region the environment uses (docs/detection.md).
    this.regionalDetection = furtherDetectionRegions(config.environment).map(
      (region) =>
        new RegionalDetectionStack(this, `Detection-${region}`, {
          env: { account: env.account, region },
          crossRegionReferences: true,
          config,
          configBucket: this.audit.configBucket,
          logsKey: this.foundation.keys.logs,
          description: `Security baseline detection (${id}, ${region}): GuardDuty, Security Hub, Config recorder; findings to ${env.region}`,
        }),
    );

    this.dataBackupCopy = new DataBackupCopyStack(this, 'DataBackupCopy', {
      env: { account: config.environment.account, region: config.environment.backupRegion },
      config,
      description: `Security baseline backup copies (${id}): locked vault and key in the backup region`,
    });

    this.data = new DataStack(this, 'Data', {
      env,
      config,
      keys: this.foundation.keys,
      network: this.network.network,
      securityTopic: this.foundation.securityTopic,
      description: `Security baseline data (${id}): encrypted database, rotated secrets, AWS Backup with restore tests`,
    });
    // Backup copies need the copy vault first; its ARN is derived from its fixed name.
    this.data.addStackDependency(this.dataBackupCopy);

    // Per stage (aspects do not cross Stage boundaries): covers every role of every stack here,
    // framework-generated ones included.
    Aspects.of(this).add(new PermissionsBoundaryAspect(this.permissionsBoundary.boundary), {
      priority: AspectPriority.MUTATING,
    });

    // Production: audit and detection state outlives its stacks, and the stacks holding it cannot be deleted.
    if (config.environment.production) {
      Aspects.of(this).add(new RetainAuditState(), { priority: AspectPriority.MUTATING });
      for (const stack of [
        this.foundation,
        this.permissionsBoundary,
        this.guardrails,
        this.audit,
        this.data,
        this.dataBackupCopy,
      ]) {
        stack.terminationProtection = true;
      }
    }

    Tags.of(this).add('security-baseline:environment', config.environment.name);
    for (const [key, value] of Object.entries(config.environment.tags)) Tags.of(this).add(key, value);
  }
}
