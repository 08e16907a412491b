import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { CloudFrontAccessLogs } from '../../constructs/edge/cloudfront-access-logs';
import type { SecureSiteDistribution } from '../../constructs/edge/secure-site-distribution';
import { ShieldProtection } from '../../constructs/edge/shield-protection';
import type { WebAcl } from '../../constructs/edge/web-acl';
import { siteLogsName } from '../config/props';
import type { AppConfig } from '../config/schema';

export interface SiteGlobalStackProps extends StackProps {
  readonly config: AppConfig;
  readonly site: SecureSiteDistribution;
  /** The CLOUDFRONT web ACL (EdgeGlobal). */
  readonly webAcl: WebAcl;
  /** us-east-1 logs key (EdgeGlobal). */
  readonly logsKey: kms.IKey;
  /** us-east-1 security topic (EdgeGlobal). */
  readonly securityTopic: sns.ITopic;
}

/**
 * us-east-1 resources that attach to the site distribution once it exists: its standard logging v2
 * delivery (CloudFront delivery sources exist only in us-east-1) and, when `edge.shield.advanced`,
 * Shield Advanced (a global service managed through us-east-1).
 */
export class SiteGlobalStack extends Stack {
  public readonly accessLogs: CloudFrontAccessLogs;
  public readonly shield?: ShieldProtection;

  constructor(scope: Construct, id: string, props: SiteGlobalStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.accessLogs = new CloudFrontAccessLogs(this, 'AccessLogs', {
      distributionArn: props.site.distributionArn,
      name: siteLogsName(config),
      logKey: props.logsKey,
      logRetentionDays: config.retention.logDays,
    });

    const shield = config.edge.shield;
    if (shield.advanced) {
      this.shield = new ShieldProtection(this, 'Shield', {
        resources: [
          {
            name: 'SiteDistribution',
            arn: props.site.distributionArn,
            applicationLayer: {
              webAcl: props.webAcl,
              associatedWebAclArn: props.site.webAclArn,
              action: shield.automaticMitigation,
            },
            healthCheck:
              shield.healthCheckPath && config.edge.site.domainName
                ? { domainName: config.edge.site.domainName, path: shield.healthCheckPath }
                : undefined,
          },
          ...shield.regionalResourceArns.map((arn, i) => ({ name: `Regional${i}`, arn })),
        ],
        emergencyContacts: shield.emergencyContacts,
        alarmTopic: props.securityTopic,
      });
    }
  }
}
