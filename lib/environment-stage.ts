import { Stage, type StageProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppConfig } from './config/schema';
import { FoundationStack } from './stacks/foundation-stack';
import { NetworkStack } from './stacks/network-stack';

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

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    super(scope, id, props);
    const { config } = props;
    const env = { account: config.environment.account, region: config.environment.region };

    this.foundation = new FoundationStack(this, 'Foundation', {
      env,
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

    Tags.of(this).add('security-baseline:environment', config.environment.name);
    for (const [key, value] of Object.entries(config.environment.tags)) Tags.of(this).add(key, value);
  }
}
