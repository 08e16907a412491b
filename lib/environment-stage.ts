import { Stage, type StageProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppConfig } from './config/schema';
import { DataBackupCopyStack } from './stacks/data-backup-copy-stack';
import { DataStack } from './stacks/data-stack';
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
  public readonly dataBackupCopy: DataBackupCopyStack;
  public readonly data: DataStack;

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

    Tags.of(this).add('security-baseline:environment', config.environment.name);
    for (const [key, value] of Object.entries(config.environment.tags)) Tags.of(this).add(key, value);
  }
}
