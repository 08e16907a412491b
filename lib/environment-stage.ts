import { Stage, type StageProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppConfig } from './config/schema';
import { AuditGlobalStack } from './stacks/audit-global-stack';
import { AuditStack } from './stacks/audit-stack';
import { FoundationStack } from './stacks/foundation-stack';

export interface EnvironmentStageProps extends StageProps {
  readonly config: AppConfig;
}

/**
 * One deployable environment (`cdk deploy 'Prod/*'`): every stack of the baseline, in dependency
 * order, all in the account and region the config names.
 */
export class EnvironmentStage extends Stage {
  public readonly foundation: FoundationStack;
  public readonly audit: AuditStack;

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    super(scope, id, props);
    const { config } = props;
    const env = { account: config.environment.account, region: config.environment.region };

    this.foundation = new FoundationStack(this, 'Foundation', {
      env,
      config,
      description: `Security baseline foundation (${id}): KMS keys, log buckets, security topic`,
    });

    this.audit = new AuditStack(this, 'Audit', {
      env,
      config,
      logsKey: this.foundation.keys.logs,
      accessLogsBucket: this.foundation.accessLogsBucket,
      logArchiveBucket: this.foundation.logArchiveBucket,
      securityTopic: this.foundation.securityTopic,
      description: `Security baseline detection and audit (${id}): CloudTrail, CIS alarms, GuardDuty, Security Hub, Config, Inspector`,
    });
    if (config.detection.forwardGlobalSignInEvents && env.region !== 'us-east-1') {
      new AuditGlobalStack(this, 'AuditGlobal', {
        env: { account: env.account, region: 'us-east-1' },
        primaryRegion: env.region,
        description: `Security baseline (${id}): forwards us-east-1 console sign-in events to ${env.region}`,
      });
    }

    Tags.of(this).add('security-baseline:environment', config.environment.name);
    for (const [key, value] of Object.entries(config.environment.tags)) Tags.of(this).add(key, value);
  }
}
