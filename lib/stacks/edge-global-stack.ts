import { Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { WafAbuseAlarms } from '../../constructs/edge/abuse-alarms';
import { WebAcl } from '../../constructs/edge/web-acl';
import {
  allowCloudWatchLogsEncryption,
  allowPublishingToEncryptedTopics,
  secureKeyProps,
} from '../../constructs/kms/key-defaults';
import { SecurityTopic } from '../../constructs/notifications/security-topic';
import { webAclPropsFrom } from '../config/props';
import { allowUseThroughServices } from '../../constructs/kms/service-bound-key-use';
import type { AppConfig } from '../config/schema';

export interface EdgeGlobalStackProps extends StackProps {
  readonly config: AppConfig;
}

/**
 * us-east-1 half of the edge (CloudFront's WAF and its metrics can only live there): a logs key
 * (the foundation keys are regional), the CLOUDFRONT web ACL with its `aws-waf-logs-` log group,
 * a security topic for us-east-1 alarms (alarm actions must be in the alarm's region) and the WAF
 * abuse alarms.
 */
export class EdgeGlobalStack extends Stack {
  public readonly logsKey: kms.Key;
  public readonly securityTopic: sns.ITopic;
  public readonly webAcl: WebAcl;

  constructor(scope: Construct, id: string, props: EdgeGlobalStackProps) {
    super(scope, id, props);
    const { config } = props;
    const env = config.environment.name.toLowerCase();

    this.logsKey = new kms.Key(
      this,
      'LogsKey',
      secureKeyProps({
        alias: `alias/security-baseline/${env}/edge-logs`,
        description:
          'us-east-1 logs: CloudFront WAF logs, CloudFront access logs, edge security notifications',
        pendingWindowDays: config.keys.pendingWindowDays,
      }),
    );
    allowCloudWatchLogsEncryption(this.logsKey);
    allowPublishingToEncryptedTopics(this.logsKey, { eventBridge: false, cloudWatchAlarms: true });
    allowUseThroughServices(this.logsKey, 'UseThroughLogServicesOnly', ['sns', 'logs']);

    this.securityTopic = new SecurityTopic(this, 'SecurityTopic', {
      encryptionKey: this.logsKey,
      emails: config.notifications.securityEmails,
      displayName: `Security notifications, edge (${config.environment.name})`,
    }).topic;

    this.webAcl = new WebAcl(this, 'CloudFrontWebAcl', {
      scope: 'CLOUDFRONT',
      name: `${env}-site`,
      ...webAclPropsFrom(config),
      logKey: this.logsKey,
      logRetentionDays: config.retention.logDays,
    });

    new WafAbuseAlarms(this, 'WafAlarms', {
      webAcl: this.webAcl,
      topic: this.securityTopic,
      blockedRequestsThreshold: config.edge.alarms.wafBlockedRequests,
      rateRuleMatchesThreshold: config.edge.alarms.rateRuleMatches,
    });
  }
}
