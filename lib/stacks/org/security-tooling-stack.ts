import { Stack, type StackProps } from 'aws-cdk-lib';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import {
  GUARDDUTY_FEATURE_NAMES,
  SECURITY_HUB_STANDARDS,
} from '../../../constructs/detection/detection-constants';
import { SecurityEventRules } from '../../../constructs/detection/security-event-rules';
import {
  allowCloudWatchLogsEncryption,
  allowPublishingToEncryptedTopics,
  secureKeyProps,
} from '../../../constructs/kms/key-defaults';
import { SecurityTopic } from '../../../constructs/notifications/security-topic';
import { OrgServiceAdmin } from '../../../constructs/organization/org-service-admin';
import {
  GUARDDUTY_PLANS,
  organizationNames,
  organizationWideDetection,
  type OrganizationConfig,
} from '../../config/organization';

export interface SecurityToolingStackProps extends StackProps {
  readonly config: OrganizationConfig;
}

/** Security Hub's id for "the account manages its own Security Hub" in a policy association. */
const SELF_MANAGED = 'SELF_MANAGED_SECURITY_HUB';

/**
 * The delegated administrator's settings in one governed region (security tooling account): GuardDuty,
 * Macie, Inspector and Detective (the behavior graph) auto-enable for every member (OrgServiceAdmin), the
 * organization IAM Access Analyzer;
 * in the home region Security Hub central configuration (finding aggregator over the governed regions,
 * CENTRAL organization configuration, one configuration policy per profile, one association per target OU,
 * excluded accounts self-managed) and the organization security topic with the finding rules.
 */
export class SecurityToolingStack extends Stack {
  public readonly analyzer: accessanalyzer.CfnAnalyzer;
  public readonly securityTopic?: sns.ITopic;
  public readonly configurationPolicies: Record<string, securityhub.CfnConfigurationPolicy> = {};

  constructor(scope: Construct, id: string, props: SecurityToolingStackProps) {
    super(scope, id, props);
    const c = props.config;
    const names = organizationNames(c);
    const wide = organizationWideDetection(c);
    const { homeRegion, governedRegions } = c.organization;
    const isHome = this.region === homeRegion;
    const self = this.account;

    const key = new kms.Key(
      this,
      'LogsKey',
      secureKeyProps({
        alias: 'alias/security-baseline/org-security',
        description: 'Organization security topic and function logs',
      }),
    );
    allowCloudWatchLogsEncryption(key);

    const admin = new OrgServiceAdmin(this, 'OrgServiceAdmin', {
      logKey: key,
      logRetentionDays: c.retention.logDays,
    });
    admin.add('GuardDutyAutoEnable', {
      action: 'AutoEnable',
      service: 'guardduty',
      adminAccountId: self,
      settings: {
        allFeatures: GUARDDUTY_PLANS.map((p) => GUARDDUTY_FEATURE_NAMES[p]),
        features: wide.guardDutyPlans.map((p) => GUARDDUTY_FEATURE_NAMES[p]),
      },
    });
    if (wide.macie)
      admin.add('MacieAutoEnable', { action: 'AutoEnable', service: 'macie', adminAccountId: self });
    admin.add('InspectorAutoEnable', {
      action: 'AutoEnable',
      service: 'inspector',
      adminAccountId: self,
      settings: wide.inspector,
    });
    // The registration (or the adopted administrator) created the behavior graph: auto-enable adopts it.
    if (wide.detective)
      admin.add('DetectiveAutoEnable', { action: 'AutoEnable', service: 'detective', adminAccountId: self });
    admin.acknowledgeWildcard();

    this.analyzer = new accessanalyzer.CfnAnalyzer(this, 'OrganizationAnalyzer', {
      analyzerName: 'security-baseline-organization',
      type: 'ORGANIZATION',
    });

    if (!isHome) return;

    // Security Hub central configuration (home region = aggregation region).
    const aggregator = new securityhub.CfnFindingAggregator(this, 'FindingAggregator', {
      regionLinkingMode: 'SPECIFIED_REGIONS',
      regions: governedRegions.filter((r) => r !== homeRegion),
    });
    const orgConfig = new securityhub.CfnOrganizationConfiguration(this, 'SecurityHubOrganization', {
      autoEnable: false,
      autoEnableStandards: 'NONE',
      configurationType: 'CENTRAL',
    });
    orgConfig.addResourceDependency(aggregator);
    const { partition } = this;
    for (const [name, profile] of Object.entries(c.profiles)) {
      const disabled = profile.securityHub.disabledControls;
      const policy = new securityhub.CfnConfigurationPolicy(this, `Policy-${name}`, {
        name: `security-baseline-${name}`,
        description: (disabled.length
          ? `Profile ${name}. Disabled: ${disabled.map((d) => `${d.controlId} (${d.reason})`).join('; ')}`
          : `Profile ${name}`
        ).slice(0, 512),
        configurationPolicy: {
          securityHub: {
            serviceEnabled: true,
            enabledStandardIdentifiers: profile.securityHub.standards.map(
              (s) => `arn:${partition}:securityhub:${homeRegion}::standards/${SECURITY_HUB_STANDARDS[s]}`,
            ),
            securityControlsConfiguration: {
              disabledSecurityControlIdentifiers: disabled.map((d) => d.controlId),
            },
          },
        },
      });
      policy.addResourceDependency(orgConfig);
      this.configurationPolicies[name] = policy;
    }
    c.targets.forEach((t) => {
      const association = new securityhub.CfnPolicyAssociation(this, `Association-${t.ou}`, {
        configurationPolicyId: this.configurationPolicies[t.profile].attrId,
        targetId: t.ou,
        targetType: 'ORGANIZATIONAL_UNIT',
      });
      association.addResourceDependency(orgConfig);
    });
    c.exclusions.forEach((e) => {
      const association = new securityhub.CfnPolicyAssociation(this, `Association-${e.account}`, {
        configurationPolicyId: SELF_MANAGED,
        targetId: e.account,
        targetType: 'ACCOUNT',
      });
      association.addResourceDependency(orgConfig);
    });

    allowPublishingToEncryptedTopics(key, { eventBridge: true, cloudWatchAlarms: true });
    const topic = new SecurityTopic(this, 'SecurityTopic', {
      encryptionKey: key,
      emails: c.notifications.securityEmails,
      displayName: 'Security notifications (organization)',
      topicName: names.securityTopic,
      organizationPublishers: { organizationId: c.organization.id, roleName: names.topicPublisherRole },
    }).topic;
    this.securityTopic = topic;
    // Member findings reach the administrator's EventBridge (GuardDuty) and the aggregation region (Security Hub).
    new SecurityEventRules(this, 'FindingRules', { topic });
  }
}
