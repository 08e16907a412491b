import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as shield from 'aws-cdk-lib/aws-shield';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../core/acknowledge';
import { ManagedPolicyRole } from '../iam/managed-policy-role';

/** What Shield needs to know about the web ACL in front of a protected resource. */
export interface ProtectingWebAcl {
  readonly arn: string;
  readonly rateBasedRuleNames: readonly string[];
}

export interface ApplicationLayerProtection {
  /** The web ACL that must be associated with the resource and hold a rate-based rule. */
  readonly webAcl: ProtectingWebAcl;
  /** The web ACL ARN the resource is actually associated with (e.g. the distribution's webAclId). */
  readonly associatedWebAclArn: string | undefined;
  /**
   * Action of the rules Shield adds during an attack.
   * @default 'BLOCK'
   */
  readonly action?: 'BLOCK' | 'COUNT';
}

export interface ProtectedResource {
  /** Name of the protection (unique in this construct). */
  readonly name: string;
  /** ARN of a CloudFront distribution, load balancer, Elastic IP, Global Accelerator or hosted zone. */
  readonly arn: string;
  /**
   * Automatic application-layer DDoS mitigation (CloudFront distributions and ALBs).
   * @default - none
   */
  readonly applicationLayer?: ApplicationLayerProtection;
  /**
   * A Route 53 HTTPS health check on this domain and path, used for health-based detection.
   * @default - no health check
   */
  readonly healthCheck?: { readonly domainName: string; readonly path: string };
}

export interface EmergencyContact {
  readonly email: string;
  /** @default - none */
  readonly phone?: string;
  /** @default - none */
  readonly notes?: string;
}

export interface ShieldProtectionProps {
  /** Resources to protect. */
  readonly resources: readonly ProtectedResource[];
  /** Topic the DDoS-detected alarms notify (in this stack's region). */
  readonly alarmTopic: sns.ITopic;
  /**
   * Who the Shield Response Team contacts; proactive engagement is enabled when any is given.
   * @default - no proactive engagement
   */
  readonly emergencyContacts?: readonly EmergencyContact[];
  /**
   * Give the Shield Response Team (SRT) a role to inspect and update WAF configuration during an attack.
   * @default true
   */
  readonly srtAccess?: boolean;
}

/**
 * AWS Shield Advanced for the account's internet-facing resources. Requires an existing Shield
 * Advanced subscription (CloudFormation cannot subscribe; USD 3,000/month, 1-year term). Creates a
 * protection per resource (with automatic application-layer mitigation and Route 53 health-based
 * detection where configured), one protection group over all of them, proactive engagement with the
 * emergency contacts, and the SRT access role. Shield's API is global and served from us-east-1: put
 * this construct in a us-east-1 stack.
 */
export class ShieldProtection extends Construct {
  public readonly protections: shield.CfnProtection[] = [];
  public readonly protectionGroup: shield.CfnProtectionGroup;
  public readonly srtRole?: ManagedPolicyRole;

  constructor(scope: Construct, id: string, props: ShieldProtectionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region) && stack.region !== 'us-east-1') {
      throw new Error(
        `ShieldProtection ${this.node.path}: Shield Advanced resources are managed through us-east-1. Received region: ${stack.region}`,
      );
    }
    if (props.resources.length === 0) {
      throw new Error(
        `ShieldProtection ${this.node.path}: 'resources' must list at least one resource to protect`,
      );
    }
    for (const r of props.resources) validateApplicationLayer(this, r);

    props.resources.forEach((r) => {
      const healthCheckArns = r.healthCheck ? [this.healthCheck(r.name, r.healthCheck)] : undefined;
      const protection = new shield.CfnProtection(this, `Protection${r.name}`, {
        name: r.name,
        resourceArn: r.arn,
        healthCheckArns,
        applicationLayerAutomaticResponseConfiguration: r.applicationLayer
          ? {
              action: (r.applicationLayer.action ?? 'BLOCK') === 'BLOCK' ? { block: {} } : { count: {} },
              status: 'ENABLED',
            }
          : undefined,
      });
      this.protections.push(protection);
      const alarm = new cloudwatch.Alarm(this, `DDoSDetected${r.name}`, {
        alarmDescription: `Shield Advanced detected a DDoS event against ${r.name}`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/DDoSProtection',
          metricName: 'DDoSDetected',
          dimensionsMap: { ResourceArn: r.arn },
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(1),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
    });

    this.protectionGroup = new shield.CfnProtectionGroup(this, 'Group', {
      protectionGroupId: 'security-baseline-internet-facing',
      aggregation: 'MAX',
      pattern: 'ARBITRARY',
      members: props.resources.map((r) => r.arn),
    });
    for (const p of this.protections) this.protectionGroup.node.addDependency(p);

    if (props.srtAccess ?? true) {
      this.srtRole = new ManagedPolicyRole(this, 'SrtAccessRole', {
        assumedBy: new iam.ServicePrincipal('drt.shield.amazonaws.com'),
        description: 'Lets the Shield Response Team read and update WAF configuration during a DDoS event',
        managedPolicies: [
          iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSShieldDRTAccessPolicy'),
        ],
      });
      acknowledgeRule(
        this.srtRole.node.defaultChild!,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSShieldDRTAccessPolicy]',
        'Shield Advanced requires the SRT role to carry the AWS managed AWSShieldDRTAccessPolicy (AWS Shield Developer Guide, "Grant SRT access"); AWS maintains it as Shield and WAF APIs change',
      );
      const srt = new shield.CfnDRTAccess(this, 'SrtAccess', { roleArn: this.srtRole.roleArn });
      for (const p of this.protections) srt.node.addDependency(p);
    }

    if (props.emergencyContacts?.length) {
      new shield.CfnProactiveEngagement(this, 'ProactiveEngagement', {
        proactiveEngagementStatus: 'ENABLED',
        emergencyContactList: props.emergencyContacts.map((c) => ({
          emailAddress: c.email,
          phoneNumber: c.phone,
          contactNotes: c.notes,
        })),
      });
    }
  }

  private healthCheck(name: string, check: { domainName: string; path: string }): string {
    const hc = new route53.CfnHealthCheck(this, `HealthCheck${name}`, {
      healthCheckConfig: {
        type: 'HTTPS',
        fullyQualifiedDomainName: check.domainName,
        resourcePath: check.path,
        port: 443,
        enableSni: true,
        requestInterval: 30,
        failureThreshold: 3,
      },
      healthCheckTags: [{ key: 'Name', value: `shield-${name}` }],
    });
    return Stack.of(this).formatArn({
      service: 'route53',
      region: '',
      account: '',
      resource: 'healthcheck',
      resourceName: hc.attrHealthCheckId,
    });
  }
}

function validateApplicationLayer(scope: Construct, r: ProtectedResource): void {
  const al = r.applicationLayer;
  if (!al) return;
  if (al.webAcl.rateBasedRuleNames.length === 0) {
    throw new Error(
      `ShieldProtection ${scope.node.path}: automatic application-layer mitigation for '${r.name}' requires a rate-based rule in its web ACL, and the web ACL has none; configure a per-IP rate limit (edge.waf.rateLimits.perIp)`,
    );
  }
  if (al.associatedWebAclArn === undefined || al.associatedWebAclArn !== al.webAcl.arn) {
    throw new Error(
      `ShieldProtection ${scope.node.path}: automatic application-layer mitigation for '${r.name}' requires the resource to be associated with the web ACL. Received association: ${al.associatedWebAclArn ?? 'none'}; associate the web ACL (e.g. the distribution's webAclId)`,
    );
  }
}
