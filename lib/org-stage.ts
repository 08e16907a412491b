import { AspectPriority, Aspects, Stage, type StageProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { RetainAuditState } from '../constructs/core/retain-audit-state';
import type { OrganizationConfig } from './config/organization';
import { LogArchiveStack } from './stacks/org/log-archive-stack';
import { ManagementRegionalStack } from './stacks/org/management-regional-stack';
import { ManagementStack } from './stacks/org/management-stack';
import { MemberBaselineStack } from './stacks/org/member-baseline-stack';
import { SecurityToolingStack } from './stacks/org/security-tooling-stack';

export interface OrgStageProps extends StageProps {
  readonly config: OrganizationConfig;
}

/** Tag on every resource of the org stage (and of the member accounts' baseline). */
export const ORGANIZATION_TAG_KEY = 'security-baseline:organization';

/**
 * The organization baseline (`cdk deploy 'Org/*'`, docs/organization.md): the log archive, the management
 * account's StackSet and policies, and per governed region the delegated-administrator registrations
 * (management account) and the organization settings of the security tooling account. `MemberBaseline` is the
 * StackSet's template (environment-agnostic; synthesized for the gates, deployed only through the StackSet).
 */
export class OrgStage extends Stage {
  public readonly logArchive: LogArchiveStack;
  public readonly memberBaseline: MemberBaselineStack;
  public readonly management: ManagementStack;
  public readonly registrations: ManagementRegionalStack[] = [];
  public readonly securityTooling: SecurityToolingStack[] = [];

  constructor(scope: Construct, id: string, props: OrgStageProps) {
    super(scope, id, props);
    const { config } = props;
    const { homeRegion, governedRegions } = config.organization;
    const { management, securityTooling, logArchive } = config.accounts;

    this.logArchive = new LogArchiveStack(this, 'LogArchive', {
      env: { account: logArchive, region: homeRegion },
      config,
      description:
        'Security baseline organization log archive: Object Lock bucket, AWS Config bucket and key (aws:SourceOrgID)',
    });
    this.logArchive.terminationProtection = true;
    this.memberBaseline = new MemberBaselineStack(this, 'MemberBaseline', {
      config,
      description:
        'Security baseline member account: guardrails, permissions boundary, break-glass role (deployed by the StackSet)',
    });
    this.management = new ManagementStack(this, 'Management', {
      env: { account: management, region: homeRegion },
      config,
      memberTemplate: this.memberBaseline,
      description: 'Security baseline organization management: member StackSet, SCP, RCP, organization trail',
    });
    // The trail writes to the archive, the members' Config delivery to its Config bucket.
    this.management.addStackDependency(this.logArchive);

    for (const region of governedRegions) {
      const registration = new ManagementRegionalStack(this, `Registration-${region}`, {
        env: { account: management, region },
        config,
        description: `Security baseline organization (${region}): delegated administrators`,
      });
      const tooling = new SecurityToolingStack(this, `Security-${region}`, {
        env: { account: securityTooling, region },
        config,
        description: `Security baseline organization (${region}): GuardDuty, Security Hub, Inspector, Macie, Detective, Access Analyzer for every member`,
      });
      tooling.addStackDependency(registration);
      this.registrations.push(registration);
      this.securityTooling.push(tooling);
    }

    Aspects.of(this).add(new RetainAuditState(), { priority: AspectPriority.MUTATING });
    Tags.of(this).add(ORGANIZATION_TAG_KEY, config.organization.id);
  }
}
