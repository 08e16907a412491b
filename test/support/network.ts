import type { Template } from 'aws-cdk-lib/assertions';
import { contains, parseIpv4Cidr } from '../../lib/config/cidr';
import { nonEmpty } from './non-empty';

/** Tier names as the subnets' `aws-cdk:subnet-name` tag carries them. */
export const TIER_NAMES = ['public', 'app', 'data'] as const;
export type TierName = (typeof TIER_NAMES)[number];

type Resources = Record<string, { Type: string; Properties?: any }>;

function resources(template: Template): Resources {
  return (template.toJSON() as { Resources: Resources }).Resources;
}

function tag(props: any, key: string): string | undefined {
  return (props?.Tags as { Key: string; Value: string }[] | undefined)?.find((t) => t.Key === key)?.Value;
}

export interface SubnetInfo {
  readonly logicalId: string;
  readonly cidr: string;
  readonly az: string;
  readonly mapPublicIpOnLaunch: boolean | undefined;
  readonly routeTableId: string;
}

/**
 * The subnets of each tier with their CIDR, zone and route table (logical ids). Fails when a tier has none:
 * every test that checks "each subnet of a tier" would then check nothing.
 */
export function subnetsByTier(template: Template): Record<TierName, SubnetInfo[]> {
  const rs = resources(template);
  const routeTableOf = (subnetId: string) =>
    Object.values(rs).find(
      (r) => r.Type === 'AWS::EC2::SubnetRouteTableAssociation' && r.Properties.SubnetId.Ref === subnetId,
    )!.Properties.RouteTableId.Ref as string;
  const out: Record<TierName, SubnetInfo[]> = { public: [], app: [], data: [] };
  for (const [logicalId, r] of Object.entries(rs)) {
    if (r.Type !== 'AWS::EC2::Subnet') continue;
    const tier = tag(r.Properties, 'aws-cdk:subnet-name') as TierName;
    out[tier].push({
      logicalId,
      cidr: r.Properties.CidrBlock,
      az: r.Properties.AvailabilityZone,
      mapPublicIpOnLaunch: r.Properties.MapPublicIpOnLaunch,
      routeTableId: routeTableOf(logicalId),
    });
  }
  for (const tier of TIER_NAMES) nonEmpty(out[tier], `${tier} subnet in the template`);
  return out;
}

/** Routes (AWS::EC2::Route properties) of one route table. */
export function routesOf(template: Template, routeTableId: string): any[] {
  return Object.values(resources(template))
    .filter((r) => r.Type === 'AWS::EC2::Route' && r.Properties.RouteTableId.Ref === routeTableId)
    .map((r) => r.Properties);
}

export interface AclEntry {
  readonly ruleNumber: number;
  readonly protocol: number;
  readonly action: 'allow' | 'deny';
  readonly egress: boolean;
  readonly cidr: string;
  readonly from?: number;
  readonly to?: number;
}

/** Logical id of the network ACL tagged `<tier>-tier`. */
export function aclIdOf(template: Template, tier: TierName): string {
  const found = Object.entries(resources(template)).find(
    ([, r]) => r.Type === 'AWS::EC2::NetworkAcl' && tag(r.Properties, 'Name') === `${tier}-tier`,
  );
  if (!found) throw new Error(`no network ACL named ${tier}-tier`);
  return found[0];
}

export function aclEntriesOf(template: Template, tier: TierName): AclEntry[] {
  const aclId = aclIdOf(template, tier);
  return Object.values(resources(template))
    .filter((r) => r.Type === 'AWS::EC2::NetworkAclEntry' && r.Properties.NetworkAclId.Ref === aclId)
    .map((r) => ({
      ruleNumber: r.Properties.RuleNumber,
      protocol: r.Properties.Protocol,
      action: r.Properties.RuleAction,
      egress: r.Properties.Egress === true,
      cidr: r.Properties.CidrBlock,
      from: r.Properties.PortRange?.From,
      to: r.Properties.PortRange?.To,
    }));
}

export interface Packet {
  readonly direction: 'in' | 'out';
  readonly protocol: 'tcp' | 'udp';
  /** Destination port for inbound packets, destination port for outbound ones. */
  readonly port: number;
  /** The other end: source address of inbound packets, destination of outbound ones. */
  readonly peer: string;
}

/**
 * Evaluates a network ACL the way AWS does: entries of the packet's direction in ascending rule-number
 * order, the first match decides, and no match is the implicit deny (`*` rule).
 */
export function aclDecision(entries: readonly AclEntry[], packet: Packet): 'allow' | 'deny' {
  const protocol = packet.protocol === 'tcp' ? 6 : 17;
  const peer = parseIpv4Cidr(`${packet.peer}/32`)!;
  const match = entries
    .filter((e) => e.egress === (packet.direction === 'out'))
    .sort((a, b) => a.ruleNumber - b.ruleNumber)
    .find(
      (e) =>
        (e.protocol === -1 || e.protocol === protocol) &&
        (e.protocol === -1 || (e.from! <= packet.port && packet.port <= e.to!)) &&
        contains(parseIpv4Cidr(e.cidr)!, peer),
    );
  return match?.action ?? 'deny';
}

/** The first host address of a subnet CIDR (`10.0.4.0/22` -> `10.0.4.10`), as a sample peer. */
export function hostIn(cidr: string): string {
  const [a, b, c] = cidr.split('/')[0].split('.');
  return `${a}.${b}.${c}.10`;
}

/** A public internet address (TEST-NET-3 documentation range). */
export const INTERNET_HOST = '203.0.113.10';
