import { Stack, type StackProps } from 'aws-cdk-lib';
import * as detective from 'aws-cdk-lib/aws-detective';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import type { Construct } from 'constructs';
import { secureKeyProps, allowCloudWatchLogsEncryption } from '../../../constructs/kms/key-defaults';
import { OrgServiceAdmin } from '../../../constructs/organization/org-service-admin';
import { organizationWideDetection, type OrganizationConfig } from '../../config/organization';

export interface ManagementRegionalStackProps extends StackProps {
  readonly config: OrganizationConfig;
}

/**
 * The delegated-administrator registrations of one governed region (management account): Security Hub and
 * Detective through their CloudFormation types (unless existingDelegatedAdmins names the account already;
 * Detective only when a profile turns it on; its registration creates the administrator's behavior graph),
 * GuardDuty, Macie and Inspector through OrgServiceAdmin (which adopts a matching registration and fails on
 * another one). In the home region also the organization-level ones (IAM Access Analyzer).
 */
export class ManagementRegionalStack extends Stack {
  public readonly admin: OrgServiceAdmin;

  constructor(scope: Construct, id: string, props: ManagementRegionalStackProps) {
    super(scope, id, props);
    const c = props.config;
    const security = c.accounts.securityTooling;
    const existing = c.existingDelegatedAdmins;
    const wide = organizationWideDetection(c);

    const key = new kms.Key(
      this,
      'LogsKey',
      secureKeyProps({
        alias: 'alias/security-baseline/org-admin-logs',
        description: 'Org registration function logs',
      }),
    );
    allowCloudWatchLogsEncryption(key);
    this.admin = new OrgServiceAdmin(this, 'OrgServiceAdmin', {
      logKey: key,
      logRetentionDays: c.retention.logDays,
    });
    this.admin.add('GuardDutyAdmin', {
      action: 'RegisterAdmin',
      service: 'guardduty',
      adminAccountId: security,
    });
    if (wide.macie)
      this.admin.add('MacieAdmin', { action: 'RegisterAdmin', service: 'macie', adminAccountId: security });
    this.admin.add('InspectorAdmin', {
      action: 'RegisterAdmin',
      service: 'inspector',
      adminAccountId: security,
    });
    if (this.region === c.organization.homeRegion) {
      this.admin.add('AccessAnalyzerAdmin', {
        action: 'RegisterAdmin',
        service: 'organizations',
        adminAccountId: security,
        settings: { servicePrincipal: 'access-analyzer.amazonaws.com' },
      });
    }
    this.admin.acknowledgeWildcard();

    // Adopting: an administrator that is already registered is not registered again (the type fails on it).
    if (!existing.securityhub) {
      new securityhub.CfnDelegatedAdmin(this, 'SecurityHubAdmin', { adminAccountId: security });
    }
    if (wide.detective && !existing.detective) {
      new detective.CfnOrganizationAdmin(this, 'DetectiveAdmin', { accountId: security });
    }
  }
}
