import type * as guardduty from 'aws-cdk-lib/aws-guardduty';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ConfigCompliance } from './config-compliance';
import { EventForwarder } from './event-forwarder';
import {
  createGuardDutyDetector,
  type DisabledSecurityHubControl,
  enableSecurityHub,
  type GuardDutyProtectionPlans,
  type SecurityHubStandard,
} from './threat-detection';

export interface RegionalDetectionProps {
  /** The account's primary region: GuardDuty findings are forwarded to its default event bus. */
  readonly primaryRegion: string;
  /** GuardDuty protection plans (the primary region's). @default - every plan on */
  readonly guardDutyPlans?: GuardDutyProtectionPlans;
  /** Security Hub standards (the primary region's). @default ['fsbp', 'cis-3.0'] */
  readonly securityHubStandards?: readonly SecurityHubStandard[];
  /** Controls turned off, each with a reason. @default - none */
  readonly disabledSecurityHubControls?: readonly DisabledSecurityHubControl[];
  /** Config bucket of the primary region; its policy must already grant Config of this account (ConfigCompliance). */
  readonly configDeliveryBucket: s3.IBucket;
  /** The logs key (primary region), which Config encrypts snapshots with. */
  readonly configDeliveryKey: kms.IKey;
}

/**
 * Threat detection of a further region of the account, kept small: a GuardDuty detector with the primary
 * region's plans, its findings forwarded to the primary region's event bus (where the GuardDuty rule
 * notifies); Security Hub with the same standards (its findings reach the primary region through the finding
 * aggregator there); and an AWS Config recorder of this region's resources (global types are recorded once,
 * in the primary region) delivering to the primary region's Config bucket.
 */
export class RegionalDetection extends Construct {
  public readonly detector: guardduty.CfnDetector;
  public readonly config: ConfigCompliance;
  public readonly forwarder: EventForwarder;

  constructor(scope: Construct, id: string, props: RegionalDetectionProps) {
    super(scope, id);
    this.detector = createGuardDutyDetector(this, 'Detector', props.guardDutyPlans ?? {});
    enableSecurityHub(
      this,
      props.securityHubStandards ?? ['fsbp', 'cis-3.0'],
      props.disabledSecurityHubControls ?? [],
    );
    this.config = new ConfigCompliance(this, 'Config', {
      deliveryBucket: props.configDeliveryBucket,
      deliveryKey: props.configDeliveryKey,
      includeGlobalResourceTypes: false,
      createServiceLinkedRole: false,
      grantDeliveryAccess: false,
      rules: [],
    });
    this.forwarder = new EventForwarder(this, 'GuardDutyFindings', {
      targetRegion: props.primaryRegion,
      sources: ['aws.guardduty'],
    });
  }
}
