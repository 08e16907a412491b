import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { SegmentedVpc } from '../../constructs/network/segmented-vpc';
import type { AppConfig } from '../config/schema';

export interface NetworkStackProps extends StackProps {
  readonly config: AppConfig;
  /** The logs data-class key (flow-log and query-log groups). */
  readonly logKey: kms.IKey;
  /** The log archive bucket (flow logs in Parquet). */
  readonly logArchiveBucket: s3.IBucket;
}

/**
 * The environment's segmented VPC. Later stacks place resources with `network.subnets.<tier>` and
 * `network.securityGroups.<tier>` (the data-tier group already admits the database ports from the app tier).
 */
export class NetworkStack extends Stack {
  public readonly network: SegmentedVpc;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { network, retention } = props.config;

    this.network = new SegmentedVpc(this, 'Vpc', {
      cidr: network.cidr,
      availabilityZones: network.availabilityZones,
      subnetMasks: network.subnetMasks,
      appEgress: network.appEgress,
      natGatewayPerAz: network.natPerAz,
      appPorts: network.appPorts,
      databasePorts: network.databasePorts,
      interfaceEndpoints: network.interfaceEndpoints,
      logKey: props.logKey,
      logRetentionDays: retention.logDays,
      logArchiveBucket: props.logArchiveBucket,
      resolverQueryLogging: network.resolverQueryLogging,
      dnsFirewallDomainListIds: network.dnsFirewall.enabled
        ? network.dnsFirewall.blockedDomainListIds
        : undefined,
    });
  }
}
