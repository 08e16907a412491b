import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRules } from '../core/acknowledge';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { SecureLogGroup } from '../logging/secure-log-group';
import { DnsProtection } from './dns-protection';
import { DEFAULT_INTERFACE_ENDPOINTS } from './endpoint-services';
import { PrivateServiceEndpoints } from './private-service-endpoints';
import { ADMIN_PORTS } from './network-constants';
import { TierNetworkAcls } from './tier-network-acls';

/** Subnet group names; `subnets.<tier>` selects by these. */
export const TIERS = ['public', 'app', 'data'] as const;
export type Tier = (typeof TIERS)[number];

/** Netmask (prefix length) of one subnet per tier. */
export interface TierSubnetMasks {
  /** @default 24 */
  readonly public?: number;
  /** @default 22 */
  readonly app?: number;
  /** @default 24 */
  readonly data?: number;
}

/**
 * The flow-log record format: every field of versions 2 to 5, so records carry the packet-level
 * addresses behind NAT and load balancers (pkt-srcaddr/pkt-dstaddr), the direction of the flow and the
 * path it took out of the VPC (traffic-path), not only the interface-level 5-tuple.
 */
export const FLOW_LOG_FORMAT: readonly ec2.LogFormat[] = [
  ec2.LogFormat.VERSION,
  ec2.LogFormat.ACCOUNT_ID,
  ec2.LogFormat.INTERFACE_ID,
  ec2.LogFormat.SRC_ADDR,
  ec2.LogFormat.DST_ADDR,
  ec2.LogFormat.SRC_PORT,
  ec2.LogFormat.DST_PORT,
  ec2.LogFormat.PROTOCOL,
  ec2.LogFormat.PACKETS,
  ec2.LogFormat.BYTES,
  ec2.LogFormat.START_TIMESTAMP,
  ec2.LogFormat.END_TIMESTAMP,
  ec2.LogFormat.ACTION,
  ec2.LogFormat.LOG_STATUS,
  ec2.LogFormat.VPC_ID,
  ec2.LogFormat.SUBNET_ID,
  ec2.LogFormat.INSTANCE_ID,
  ec2.LogFormat.TCP_FLAGS,
  ec2.LogFormat.TRAFFIC_TYPE,
  ec2.LogFormat.PKT_SRC_ADDR,
  ec2.LogFormat.PKT_DST_ADDR,
  ec2.LogFormat.REGION,
  ec2.LogFormat.AZ_ID,
  ec2.LogFormat.SUBLOCATION_TYPE,
  ec2.LogFormat.SUBLOCATION_ID,
  ec2.LogFormat.PKT_SRC_AWS_SERVICE,
  ec2.LogFormat.PKT_DST_AWS_SERVICE,
  ec2.LogFormat.FLOW_DIRECTION,
  ec2.LogFormat.TRAFFIC_PATH,
];

export interface SegmentedVpcProps {
  /** IPv4 CIDR of the VPC, e.g. `10.20.0.0/16`. */
  readonly cidr: string;
  /** Explicit availability zone names (at least 2); one subnet per tier in each. */
  readonly availabilityZones: readonly string[];
  /**
   * Netmask of the subnets of each tier.
   * @default - public /24, app /22, data /24
   */
  readonly subnetMasks?: TierSubnetMasks;
  /**
   * Whether the app tier reaches the internet through NAT gateways. With 'none' there are no NAT
   * gateways and the app tier reaches AWS services through the VPC endpoints only.
   * @default 'nat'
   */
  readonly appEgress?: 'nat' | 'none';
  /**
   * One NAT gateway per zone (a zone outage does not cut the others' egress) instead of one in total.
   * @default false
   */
  readonly natGatewayPerAz?: boolean;
  /**
   * TCP ports the load balancers forward to on the app tier.
   * @default [8080]
   */
  readonly appPorts?: readonly number[];
  /**
   * TCP ports of the databases in the data tier, open to the app tier only.
   * @default [5432]
   */
  readonly databasePorts?: readonly number[];
  /**
   * Interface endpoints to create (short service names, see INTERFACE_ENDPOINT_SERVICES).
   * @default DEFAULT_INTERFACE_ENDPOINTS
   */
  readonly interfaceEndpoints?: readonly string[];
  /** Key of the flow-log (and query-log) log groups. */
  readonly logKey: kms.IKey;
  /** Retention of the flow-log (and query-log) log groups, in days (a CloudWatch Logs value). */
  readonly logRetentionDays: number;
  /** KMS-encrypted bucket that archives the flow logs (its key must admit delivery.logs.amazonaws.com). */
  readonly logArchiveBucket: s3.IBucket;
  /**
   * Key prefix of the flow logs in the archive bucket.
   * @default 'vpc-flow-logs'
   */
  readonly flowLogArchivePrefix?: string;
  /**
   * Route 53 Resolver query logging for the VPC.
   * @default false
   */
  readonly resolverQueryLogging?: boolean;
  /**
   * DNS Firewall domain list ids to block (e.g. the region's AWS managed malware and botnet lists).
   * @default - no DNS Firewall
   */
  readonly dnsFirewallDomainListIds?: readonly string[];
}

/**
 * A VPC in three tiers per availability zone:
 * - `public`: load balancers and NAT gateways only; no subnet hands out public IPs;
 * - `app`: private workloads; internet egress through NAT (HTTPS only) or none;
 * - `data`: isolated, no route out of the VPC, reachable from the app tier on the database ports only.
 *
 * Security groups are the primary control (one per tier, rules between groups, the only internet-facing
 * ingress is HTTPS on the load-balancer group); per-tier network ACLs are the second layer. The default
 * security group is stripped of all rules. All traffic is flow-logged in the v5 format to a KMS-encrypted
 * log group and to the log archive. AWS services are reached through private endpoints whose policies
 * admit only this account's principals and resources.
 */
export class SegmentedVpc extends Construct {
  public readonly vpc: ec2.Vpc;
  /** Subnet selections of the tiers, for placing later resources. */
  public readonly subnets: {
    public: ec2.SubnetSelection;
    app: ec2.SubnetSelection;
    data: ec2.SubnetSelection;
  };
  /** One security group per tier, plus the interface endpoints' group. */
  public readonly securityGroups: {
    loadBalancer: ec2.SecurityGroup;
    app: ec2.SecurityGroup;
    data: ec2.SecurityGroup;
    endpoints: ec2.SecurityGroup;
  };
  public readonly networkAcls: TierNetworkAcls;
  public readonly endpoints: PrivateServiceEndpoints;
  public readonly flowLogGroup: logs.LogGroup;
  public readonly dns: DnsProtection;

  constructor(scope: Construct, id: string, props: SegmentedVpcProps) {
    super(scope, id);
    const masks = { public: 24, app: 22, data: 24, ...props.subnetMasks };
    const appEgress = props.appEgress ?? 'nat';
    const appPorts = props.appPorts ?? [8080];
    const databasePorts = props.databasePorts ?? [5432];
    this.validate(props, masks, appPorts, databasePorts);
    const natEgress = appEgress === 'nat';

    this.vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: natEgress ? (props.natGatewayPerAz ? props.availabilityZones.length : 1) : 0,
      natGatewaySubnets: { subnetGroupName: 'public' },
      subnetConfiguration: [
        {
          name: 'public',
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: masks.public,
          // Load balancers and NAT gateways get their public addresses explicitly; nothing else may.
          mapPublicIpOnLaunch: false,
        },
        {
          name: 'app',
          subnetType: natEgress ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: masks.app,
        },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: masks.data },
      ],
      // Removes every rule of the default security group (a custom resource), so a resource launched
      // without a group gets no connectivity.
      restrictDefaultSecurityGroup: true,
      // Flow logs are added below with an explicit role, log group and format.
    });

    this.subnets = {
      public: { subnetGroupName: 'public' },
      app: { subnetGroupName: 'app' },
      data: { subnetGroupName: 'data' },
    };
    const subnetsOf = (tier: Tier) => this.vpc.selectSubnets(this.subnets[tier]).subnets;

    // The public subnets' default route to the internet gateway is what makes them public; it carries
    // only load-balancer and NAT traffic because nothing else is placed there and no IP is auto-assigned.
    for (const subnet of subnetsOf('public')) {
      const route = subnet.node.tryFindChild('DefaultRoute');
      if (route) {
        acknowledgeRules(
          route,
          [
            'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
            'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
            'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
          ],
          'Only the public tier routes 0.0.0.0/0 to the internet gateway, for internet-facing load balancers (HTTPS-only security group) and NAT gateways; subnets do not auto-assign public IPs, and the app and data tiers have no route to the gateway (asserted in test/constructs/network/segmented-vpc.test.ts)',
        );
      }
    }

    this.endpoints = new PrivateServiceEndpoints(this, 'Endpoints', {
      vpc: this.vpc,
      vpcCidr: props.cidr,
      endpointSubnets: this.subnets.app,
      // The data tier initiates nothing (its ACL answers the app tier only), so it gets no gateway routes.
      gatewaySubnets: [this.subnets.app],
      interfaceEndpoints: props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS,
    });
    this.securityGroups = this.createSecurityGroups(appPorts, databasePorts, this.endpoints.securityGroup);

    this.networkAcls = new TierNetworkAcls(this, 'NetworkAcls', {
      vpc: this.vpc,
      vpcCidr: props.cidr,
      publicSubnets: subnetsOf('public'),
      appSubnets: subnetsOf('app'),
      dataSubnets: subnetsOf('data'),
      appPorts,
      databasePorts,
      natEgress,
    });

    this.flowLogGroup = this.createFlowLogs(props);

    this.dns = new DnsProtection(this, 'Dns', {
      vpc: this.vpc,
      queryLogging: props.resolverQueryLogging ?? false,
      logKey: props.logKey,
      logRetentionDays: props.logRetentionDays,
      blockedDomainListIds: props.dnsFirewallDomainListIds,
    });
  }

  private createSecurityGroups(
    appPorts: readonly number[],
    databasePorts: readonly number[],
    endpoints: ec2.SecurityGroup,
  ) {
    const group = (groupId: string, description: string) =>
      new ec2.SecurityGroup(this, groupId, { vpc: this.vpc, description, allowAllOutbound: false });
    const loadBalancer = group('LoadBalancerSecurityGroup', 'Public tier load balancers: HTTPS from clients');
    const app = group('AppSecurityGroup', 'App tier workloads: app ports from the load balancers');
    const data = group('DataSecurityGroup', 'Data tier databases: database ports from the app tier');

    // The only ingress from the internet in the whole VPC: HTTPS to the load balancers.
    loadBalancer.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from clients');
    acknowledgeRules(
      loadBalancer.node.defaultChild!,
      ['AwsSolutions-EC23'],
      'Internet-facing load balancers must accept HTTPS (tcp/443 only) from any client address; this group is the only one in the VPC open to the internet, admits nothing but tcp/443 and can send only to the app-tier group on the app ports (asserted in test/lib/stacks/network-stack.test.ts)',
    );
    for (const port of appPorts) {
      loadBalancer.addEgressRule(app, ec2.Port.tcp(port), `To app targets on ${port}`);
      app.addIngressRule(loadBalancer, ec2.Port.tcp(port), `From the load balancers on ${port}`);
    }
    for (const port of databasePorts) {
      app.addEgressRule(data, ec2.Port.tcp(port), `To the databases on ${port}`);
      data.addIngressRule(app, ec2.Port.tcp(port), `From the app tier on ${port}`);
    }
    // HTTPS out: AWS services through the gateway endpoints' public ranges and, when the tier has NAT,
    // the internet. Without NAT the route table has no internet route, so only AWS services are reached.
    app.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to AWS services and, with NAT, the internet',
    );
    app.addEgressRule(endpoints, ec2.Port.tcp(443), 'HTTPS to the interface endpoints');
    return { loadBalancer, app, data, endpoints };
  }

  private createFlowLogs(props: SegmentedVpcProps): logs.LogGroup {
    const { account, region, partition } = Stack.of(this);
    const logGroup = new SecureLogGroup(this, 'FlowLogGroup', {
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    }).logGroup;
    // The service assumes the role only for flow logs of this account (confused-deputy protection).
    const role = new ManagedPolicyRole(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*` },
      }),
      description: `Lets VPC Flow Logs write ${this.node.path} flow records to its log group`,
    });
    new ec2.FlowLog(this, 'FlowLogToCloudWatch', {
      resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
      trafficType: ec2.FlowLogTrafficType.ALL,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role),
      logFormat: [...FLOW_LOG_FORMAT],
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });
    const toArchive = new ec2.FlowLog(this, 'FlowLogToArchive', {
      resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
      trafficType: ec2.FlowLogTrafficType.ALL,
      destination: ec2.FlowLogDestination.toS3(
        props.logArchiveBucket,
        props.flowLogArchivePrefix ?? 'vpc-flow-logs',
        {
          fileFormat: ec2.FlowLogFileFormat.PARQUET,
          hiveCompatiblePartitions: true,
          perHourPartition: true,
        },
      ),
      logFormat: [...FLOW_LOG_FORMAT],
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });
    fixDestinationOptionsCasing(toArchive);
    return logGroup;
  }

  private validate(
    props: SegmentedVpcProps,
    masks: Required<TierSubnetMasks>,
    appPorts: readonly number[],
    databasePorts: readonly number[],
  ): void {
    const where = `SegmentedVpc ${this.node.path}`;
    if (props.availabilityZones.length < 2) {
      throw new Error(
        `${where}: 'availabilityZones' needs at least 2 zones so a zone outage leaves the tiers reachable. Received: ${JSON.stringify(props.availabilityZones)}`,
      );
    }
    for (const [tier, mask] of Object.entries(masks)) {
      if (!Number.isInteger(mask) || mask < 16 || mask > 28) {
        throw new Error(`${where}: 'subnetMasks.${tier}' must be between 16 and 28. Received: ${mask}`);
      }
    }
    for (const [name, ports] of [
      ['appPorts', appPorts],
      ['databasePorts', databasePorts],
    ] as const) {
      if (ports.length === 0) throw new Error(`${where}: '${name}' needs at least one port`);
      for (const port of ports) {
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          throw new Error(`${where}: '${name}' must hold TCP ports 1-65535. Received: ${port}`);
        }
        if ((ADMIN_PORTS as readonly number[]).includes(port)) {
          throw new Error(
            `${where}: '${name}' must not include ${port}: SSH and RDP are denied on every tier (use SSM Session Manager)`,
          );
        }
      }
    }
  }
}

/**
 * aws-cdk-lib writes `DestinationOptions` of an S3 flow log in camelCase (`fileFormat`, ...; aws/aws-cdk#25432),
 * which the CloudFormation schema rejects (cfn-lint E3002/E3003). Ignored options would also mean plain-text
 * logs under `AWSLogs/<account>/`, a prefix the log archive policy does not allow (it expects the Hive layout
 * `AWSLogs/aws-account-id=<account>/`). This rewrites the same options in the schema's PascalCase.
 */
export function fixDestinationOptionsCasing(flowLog: ec2.FlowLog): void {
  const cfn = flowLog.node.defaultChild as ec2.CfnFlowLog;
  const options = cfn.destinationOptions as Record<string, unknown> | undefined;
  if (!options) return;
  cfn.addPropertyOverride('DestinationOptions', {
    FileFormat: options['fileFormat'],
    HiveCompatiblePartitions: options['hiveCompatiblePartitions'],
    PerHourPartition: options['perHourPartition'],
  });
  // After the override: deletions recorded before it would be replaced by it.
  for (const key of Object.keys(options)) cfn.addPropertyDeletionOverride(`DestinationOptions.${key}`);
}
