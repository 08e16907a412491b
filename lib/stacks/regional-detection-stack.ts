import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { assertConfigCanDeliverTo } from '../../constructs/detection/config-delivery';
import { RegionalDetection } from '../../constructs/detection/regional-detection';
import type { AppConfig } from '../config/schema';
import { enabledStandards, guardDutyPlans } from '../config/sections/detection';

export interface RegionalDetectionStackProps extends StackProps {
  readonly config: AppConfig;
  /** AWS Config's delivery bucket (Audit stack, primary region): Config of this region delivers there. */
  readonly configBucket: s3.IBucket;
  /** The logs key (Foundation, primary region). */
  readonly logsKey: kms.IKey;
}

/** Detection in a region the environment uses besides its primary region (backup region, us-east-1). */
export class RegionalDetectionStack extends Stack {
  public readonly detection: RegionalDetection;

  constructor(scope: Construct, id: string, props: RegionalDetectionStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Imported by name below, where Object Lock could no longer be seen.
    assertConfigCanDeliverTo(props.configBucket, `${this.node.path} Config recorder`);
    this.detection = new RegionalDetection(this, 'Detection', {
      primaryRegion: config.environment.region,
      guardDutyPlans: guardDutyPlans(config.detection),
      securityHubStandards: enabledStandards(config.detection),
      disabledSecurityHubControls: config.detection.securityHub.disabledControls,
      // Imported by name: the bucket's own stack holds the policy that grants Config of this account.
      configDeliveryBucket: s3.Bucket.fromBucketName(this, 'ConfigBucket', props.configBucket.bucketName),
      configDeliveryKey: props.logsKey,
    });
  }
}
