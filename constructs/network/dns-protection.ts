import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { SecureLogGroup } from '../logging/secure-log-group';
import { DOMAIN_LIST_ID } from './network-constants';

export interface DnsProtectionProps {
  readonly vpc: ec2.IVpc;
  /**
   * Log every DNS query the VPC's resolver answers to a KMS-encrypted log group.
   * @default false
   */
  readonly queryLogging?: boolean;
  /** Key of the query log group (required with `queryLogging`). */
  readonly logKey?: kms.IKey;
  /** Retention of the query log group in days (required with `queryLogging`). */
  readonly logRetentionDays?: number;
  /**
   * Ids of the DNS Firewall domain lists to block (the AWS managed malware and botnet lists of the
   * region: `aws route53resolver list-firewall-domain-lists`). Managed lists are addressed by id only,
   * and the ids differ per region.
   * @default - no DNS Firewall
   */
  readonly blockedDomainListIds?: readonly string[];
}

/**
 * DNS-layer controls of a VPC, both optional because they are billed per query: Resolver query logging
 * (who resolved what, for investigations) and a DNS Firewall rule group that answers NXDOMAIN for
 * domains on the given block lists, so malware cannot resolve its command-and-control hosts.
 */
export class DnsProtection extends Construct {
  public readonly queryLogGroup?: logs.LogGroup;
  public readonly firewallRuleGroup?: route53resolver.CfnFirewallRuleGroup;

  constructor(scope: Construct, id: string, props: DnsProtectionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    if (props.queryLogging) {
      if (!props.logKey || props.logRetentionDays === undefined) {
        throw new Error(
          `DnsProtection ${this.node.path}: 'queryLogging' needs 'logKey' and 'logRetentionDays'`,
        );
      }
      this.queryLogGroup = new SecureLogGroup(this, 'QueryLogs', {
        encryptionKey: props.logKey,
        retentionDays: props.logRetentionDays,
      }).logGroup;
      // Resolver delivers through the log delivery service; this account's deliveries only.
      const queryLogsResource = new logs.ResourcePolicy(this, 'QueryLogDelivery', {
        policyStatements: [
          new iam.PolicyStatement({
            sid: 'ResolverQueryLogDeliveryOfThisAccount',
            principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [this.queryLogGroup.logGroupArn],
            conditions: {
              StringEquals: { 'aws:SourceAccount': stack.account },
              ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
            },
          }),
        ],
      });
      const config = new route53resolver.CfnResolverQueryLoggingConfig(this, 'QueryLogging', {
        destinationArn: stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.queryLogGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      });
      config.node.addDependency(queryLogsResource);
      new route53resolver.CfnResolverQueryLoggingConfigAssociation(this, 'QueryLoggingAssociation', {
        resolverQueryLogConfigId: config.attrId,
        resourceId: props.vpc.vpcId,
      });
    }

    const lists = props.blockedDomainListIds ?? [];
    const bad = lists.filter((l) => !DOMAIN_LIST_ID.test(l));
    if (bad.length) {
      throw new Error(
        `DnsProtection ${this.node.path}: ${bad.map((b) => `'${b}'`).join(', ')} is not a DNS Firewall domain list id (rslvr-fdl-...); list them with 'aws route53resolver list-firewall-domain-lists'`,
      );
    }
    if (lists.length) {
      this.firewallRuleGroup = new route53resolver.CfnFirewallRuleGroup(this, 'FirewallRules', {
        firewallRules: lists.map((listId, i) => ({
          firewallDomainListId: listId,
          priority: (i + 1) * 100,
          action: 'BLOCK',
          blockResponse: 'NXDOMAIN',
        })),
      });
      new route53resolver.CfnFirewallRuleGroupAssociation(this, 'FirewallAssociation', {
        firewallRuleGroupId: this.firewallRuleGroup.attrId,
        vpcId: props.vpc.vpcId,
        // 101-9900 is the range open to customer rule groups; mutation protection stops changes
        // through the Resolver API outside this stack.
        priority: 101,
        mutationProtection: 'ENABLED',
      });
    }
  }
}
