import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../core/acknowledge';
import { ADMIN_PORTS, MAX_NACL_ENTRIES_PER_DIRECTION } from './network-constants';

/** TCP ports clients pick for their side of a connection (ELB and NAT gateways use the whole range). */
const EPHEMERAL = ec2.AclTraffic.tcpPortRange(1024, 65535);
const ANYWHERE = ec2.AclCidr.anyIpv4();
/** ICMP type 3 code 4: "destination unreachable, fragmentation needed" (path MTU discovery). */
const FRAGMENTATION_NEEDED = ec2.AclTraffic.icmp({ type: 3, code: 4 });

/**
 * Rule-number blocks. Entries are evaluated lowest number first and the first match wins, so the
 * admin-port denies come before every allow and the tier denies before the tier allows.
 */
const RULE = {
  adminDeny: 100,
  tierDeny: 200,
  https: 300,
  appPorts: 400,
  databasePorts: 500,
  endpointHttps: 600,
  pathMtu: 800,
  ephemeral: 900,
} as const;

export interface TierNetworkAclsProps {
  readonly vpc: ec2.IVpc;
  readonly vpcCidr: string;
  readonly publicSubnets: readonly ec2.ISubnet[];
  readonly appSubnets: readonly ec2.ISubnet[];
  readonly dataSubnets: readonly ec2.ISubnet[];
  readonly appPorts: readonly number[];
  readonly databasePorts: readonly number[];
  /** Whether the public tier forwards the app tier's HTTPS to the internet (NAT gateways). */
  readonly natEgress: boolean;
}

/** How many entries each ACL and direction will hold, to check the quota before building. */
export function naclEntryCounts(
  azCount: number,
  appPorts: number,
  databasePorts: number,
  natEgress: boolean,
) {
  const admin = ADMIN_PORTS.length + 1; // TCP 22, TCP 3389, UDP 3389
  return {
    publicIngress: admin + 3,
    publicEgress: (natEgress ? 1 : 0) + azCount * appPorts + 1,
    appIngress: admin + azCount * appPorts + azCount + 2,
    appEgress: 1 + azCount * databasePorts + 1,
    dataIngress: admin + azCount + azCount * databasePorts,
    dataEgress: azCount,
  };
}

/**
 * One network ACL per tier: a stateless second layer under the security groups, so a mis-scoped
 * security group still cannot open SSH/RDP, a path from the public tier to the data tier, or a path
 * from the data tier anywhere but back to the app tier. Every entry is listed below with its intent.
 *
 * NACLs also filter the return leg of each connection, hence the ephemeral-port entries. They do not
 * filter traffic to the Amazon DNS server, instance metadata or the Time Sync Service.
 */
export class TierNetworkAcls extends Construct {
  public readonly public: ec2.NetworkAcl;
  public readonly app: ec2.NetworkAcl;
  public readonly data: ec2.NetworkAcl;

  constructor(scope: Construct, id: string, props: TierNetworkAclsProps) {
    super(scope, id);
    const counts = naclEntryCounts(
      props.appSubnets.length,
      props.appPorts.length,
      props.databasePorts.length,
      props.natEgress,
    );
    for (const [acl, n] of Object.entries(counts)) {
      if (n > MAX_NACL_ENTRIES_PER_DIRECTION) {
        throw new Error(
          `TierNetworkAcls ${this.node.path}: the ${acl} ACL would need ${n} entries, over the quota of ${MAX_NACL_ENTRIES_PER_DIRECTION}; list fewer app or database ports. Received: appPorts ${JSON.stringify(props.appPorts)}, databasePorts ${JSON.stringify(props.databasePorts)}`,
        );
      }
    }

    const cidrsOf = (subnets: readonly ec2.ISubnet[]) => subnets.map((s) => s.ipv4CidrBlock);
    const publicCidrs = cidrsOf(props.publicSubnets);
    const appCidrs = cidrsOf(props.appSubnets);
    const dataCidrs = cidrsOf(props.dataSubnets);

    const aclFor = (tier: string, subnets: readonly ec2.ISubnet[]) =>
      new ec2.NetworkAcl(this, tier.charAt(0).toUpperCase() + tier.slice(1), {
        vpc: props.vpc,
        networkAclName: `${tier}-tier`,
        subnetSelection: { subnets: [...subnets] },
      });
    this.public = aclFor('public', props.publicSubnets);
    this.app = aclFor('app', props.appSubnets);
    this.data = aclFor('data', props.dataSubnets);

    // Every tier: SSH and RDP are denied from anywhere before any allow is evaluated. Administration
    // goes through SSM Session Manager (no inbound port), never through these ports.
    for (const acl of [this.public, this.app, this.data]) {
      const deny = (entryId: string, offset: number, traffic: ec2.AclTraffic) =>
        acl.addEntry(entryId, {
          ruleNumber: RULE.adminDeny + offset,
          cidr: ANYWHERE,
          traffic,
          direction: ec2.TrafficDirection.INGRESS,
          ruleAction: ec2.Action.DENY,
        });
      deny('DenySshIn', 0, ec2.AclTraffic.tcpPort(22));
      deny('DenyRdpTcpIn', 1, ec2.AclTraffic.tcpPort(3389));
      deny('DenyRdpUdpIn', 2, ec2.AclTraffic.udpPort(3389));
    }

    const allow = (
      acl: ec2.NetworkAcl,
      entryId: string,
      ruleNumber: number,
      cidr: ec2.AclCidr,
      traffic: ec2.AclTraffic,
      direction: ec2.TrafficDirection,
    ) => acl.addEntry(entryId, { ruleNumber, cidr, traffic, direction, ruleAction: ec2.Action.ALLOW });
    const IN = ec2.TrafficDirection.INGRESS;
    const OUT = ec2.TrafficDirection.EGRESS;

    // ---- Public tier: load balancers and NAT gateways only.
    // In: HTTPS from clients to the load balancers, and the app tier's HTTPS to the NAT gateways.
    allow(this.public, 'AllowHttpsIn', RULE.https, ANYWHERE, ec2.AclTraffic.tcpPort(443), IN);
    // In: "fragmentation needed" errors, so path MTU discovery works between 9001-byte VPC frames and
    // 1500-byte internet paths (NACLs are stateless and would drop them otherwise).
    allow(this.public, 'AllowPathMtuIn', RULE.pathMtu, ANYWHERE, FRAGMENTATION_NEEDED, IN);
    // In: return traffic (targets answering the load balancers, internet answering the NAT gateways).
    allow(this.public, 'AllowEphemeralIn', RULE.ephemeral, ANYWHERE, EPHEMERAL, IN);
    // Out: the NAT gateways forward the app tier's HTTPS to the internet (only when the app tier has egress).
    if (props.natEgress) {
      allow(this.public, 'AllowHttpsOut', RULE.https, ANYWHERE, ec2.AclTraffic.tcpPort(443), OUT);
    }
    // Out: load balancers reach their targets on the app ports of the app tier, nowhere else.
    this.perCidrAndPort(appCidrs, props.appPorts, RULE.appPorts, (n, cidr, port, suffix) =>
      allow(this.public, `AllowAppPortOut${suffix}`, n, cidr, ec2.AclTraffic.tcpPort(port), OUT),
    );
    // Out: answers to clients and NAT return traffic to the app tier.
    allow(this.public, 'AllowEphemeralOut', RULE.ephemeral, ANYWHERE, EPHEMERAL, OUT);

    // ---- App tier: private workloads.
    // In: the app ports, from the public tier (load balancers) only.
    this.perCidrAndPort(publicCidrs, props.appPorts, RULE.appPorts, (n, cidr, port, suffix) =>
      allow(this.app, `AllowAppPortIn${suffix}`, n, cidr, ec2.AclTraffic.tcpPort(port), IN),
    );
    // In: HTTPS from the app tier of other zones to the interface endpoints, which live in this tier.
    this.perCidrAndPort(appCidrs, [443], RULE.endpointHttps, (n, cidr, _port, suffix) =>
      allow(this.app, `AllowEndpointHttpsIn${suffix}`, n, cidr, ec2.AclTraffic.tcpPort(443), IN),
    );
    // In: "fragmentation needed" errors for path MTU discovery towards the internet and AWS services.
    allow(this.app, 'AllowPathMtuIn', RULE.pathMtu, ANYWHERE, FRAGMENTATION_NEEDED, IN);
    // In: return traffic (NAT/internet, S3 and DynamoDB gateway endpoints, databases, interface endpoints).
    allow(this.app, 'AllowEphemeralIn', RULE.ephemeral, ANYWHERE, EPHEMERAL, IN);
    // Out: HTTPS only: interface endpoints, the gateway endpoints' public ranges and, with NAT, the internet.
    // Without NAT there is no route to the internet, so this reaches AWS services only.
    allow(this.app, 'AllowHttpsOut', RULE.https, ANYWHERE, ec2.AclTraffic.tcpPort(443), OUT);
    // Out: the database ports, to the data tier only.
    this.perCidrAndPort(dataCidrs, props.databasePorts, RULE.databasePorts, (n, cidr, port, suffix) =>
      allow(this.app, `AllowDatabasePortOut${suffix}`, n, cidr, ec2.AclTraffic.tcpPort(port), OUT),
    );
    // Out: answers to the load balancers and to endpoint clients, inside the VPC only.
    allow(this.app, 'AllowEphemeralOut', RULE.ephemeral, ec2.AclCidr.ipv4(props.vpcCidr), EPHEMERAL, OUT);

    // ---- Data tier: isolated; reachable from the app tier on the database ports, nothing else.
    // In: nothing from the public tier, whatever the port (explicit, ahead of every allow).
    publicCidrs.forEach((cidr, i) =>
      this.data.addEntry(`DenyPublicTierIn${i}`, {
        ruleNumber: RULE.tierDeny + i,
        cidr: ec2.AclCidr.ipv4(cidr),
        traffic: ec2.AclTraffic.allTraffic(),
        direction: IN,
        ruleAction: ec2.Action.DENY,
      }),
    );
    // In: the database ports, from the app tier only.
    this.perCidrAndPort(appCidrs, props.databasePorts, RULE.databasePorts, (n, cidr, port, suffix) =>
      allow(this.data, `AllowDatabasePortIn${suffix}`, n, cidr, ec2.AclTraffic.tcpPort(port), IN),
    );
    // Out: return traffic of those connections, to the app tier only. The data tier initiates nothing.
    appCidrs.forEach((cidr, i) =>
      allow(this.data, `AllowReturnToAppOut${i}`, RULE.ephemeral + i, ec2.AclCidr.ipv4(cidr), EPHEMERAL, OUT),
    );

    // AwsSolutions-VPC3 flags every NACL and NACL entry: cdk-nag treats NACLs as a source of
    // troubleshooting mistakes. Here they are a deliberate, tested second layer.
    acknowledgeRule(
      this,
      'AwsSolutions-VPC3',
      'Per-tier NACLs are a deliberate defence-in-depth layer under the security groups: they deny SSH/RDP on every tier, deny the public tier into the data tier and confine the data tier to answering the app tier; each entry is commented in constructs/network/tier-network-acls.ts and asserted by test/constructs/network/segmented-vpc.test.ts',
    );
  }

  /** One entry per (cidr, port) pair, numbered from `base`. */
  private perCidrAndPort(
    cidrs: readonly string[],
    ports: readonly number[],
    base: number,
    add: (ruleNumber: number, cidr: ec2.AclCidr, port: number, suffix: string) => void,
  ): void {
    let n = base;
    cidrs.forEach((cidr, i) => {
      for (const port of ports) add(n++, ec2.AclCidr.ipv4(cidr), port, `${port}Az${i}`);
    });
  }
}
