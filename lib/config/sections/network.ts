import { z } from 'zod';
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  GATEWAY_ENDPOINT_SERVICES,
  INTERFACE_ENDPOINT_SERVICES,
} from '../../../constructs/network/endpoint-services';
import { ADMIN_PORTS, DOMAIN_LIST_ID } from '../../../constructs/network/network-constants';
import {
  allocateSubnets,
  contains,
  formatBlock,
  formatIpv4,
  isNetworkAddress,
  overlaps,
  parseIpv4Cidr,
  RFC1918,
} from '../cidr';
import { REGION_AZ_COUNT } from '../../../constructs/core/aws-limits';
import type { Problem, Rule } from '../problem';

/** Largest VPC prefix accepted: smaller VPCs cannot hold three tiers in 2-3 zones with room to grow. */
const MAX_VPC_PREFIX = 24;
/** At most this many app or database ports: each becomes one NACL entry per zone (20-entry quota). */
const MAX_PORTS = 4;

const vpcCidr = z
  .string()
  .refine((c) => parseIpv4Cidr(c) !== undefined, {
    error: (iss) => `${JSON.stringify(iss.input)} is not an IPv4 CIDR; write it like 10.20.0.0/16`,
  })
  .refine((c) => isNetworkAddress(parseIpv4Cidr(c)!), {
    error: (iss) => {
      const b = parseIpv4Cidr(String(iss.input))!;
      return `${JSON.stringify(iss.input)} has host bits set; the network address is ${formatIpv4(b.start - (b.start % b.size))}/${b.prefix}`;
    },
    when: (p) => typeof p.value === 'string' && parseIpv4Cidr(p.value) !== undefined,
  })
  .refine((c) => parseIpv4Cidr(c)!.prefix >= 16 && parseIpv4Cidr(c)!.prefix <= MAX_VPC_PREFIX, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is ${parseIpv4Cidr(String(iss.input))!.prefix < 16 ? 'larger than a VPC can be' : 'too small for three tiers in 2-3 zones'}; use a prefix from /16 to /${MAX_VPC_PREFIX}`,
    when: (p) => typeof p.value === 'string' && parseIpv4Cidr(p.value) !== undefined,
  })
  .refine((c) => RFC1918.some((r) => contains(r, parseIpv4Cidr(c)!)), {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not inside a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16); a VPC must not use public addresses`,
    when: (p) => typeof p.value === 'string' && parseIpv4Cidr(p.value) !== undefined,
  });

const azName = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} is not an availability zone name; use the region code followed by the zone letter, e.g. eu-west-1a`,
});

const subnetMask = (fallback: number) =>
  z
    .number()
    .int({ error: (iss) => `${String(iss.input)} is not a whole prefix length; use 16 to 28` })
    .min(16, { error: (iss) => `/${String(iss.input)} is larger than a subnet can be; use 16 to 28` })
    .max(28, {
      error: (iss) => `/${String(iss.input)} is smaller than a subnet can be (AWS minimum /28); use 16 to 28`,
    })
    .default(fallback);

const port = z
  .number()
  .int()
  .min(1, { error: (iss) => `${String(iss.input)} is not a TCP port (1-65535)` })
  .max(65535, { error: (iss) => `${String(iss.input)} is not a TCP port (1-65535)` })
  .refine((p) => !(ADMIN_PORTS as readonly number[]).includes(p), {
    error: (iss) =>
      `${String(iss.input)} is an administration port (SSH/RDP), denied on every tier; use SSM Session Manager for access and another port for the service`,
  });

const portList = (fallback: number[], what: string) =>
  z
    .array(port)
    .min(1, { error: `list at least one ${what} port` })
    .max(MAX_PORTS, {
      error: (iss) =>
        `${(iss.input as unknown[]).length} ${what} ports is more than ${MAX_PORTS}: each port needs one network ACL entry per zone and an ACL holds 20 per direction; put services behind fewer ports`,
    })
    .refine((ps) => new Set(ps).size === ps.length, {
      error: (iss) => `${JSON.stringify(iss.input)} lists a port twice`,
    })
    .default(fallback);

const endpointService = z
  .string()
  .refine((n) => (INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(n), {
    error: (iss) =>
      (GATEWAY_ENDPOINT_SERVICES as readonly string[]).includes(String(iss.input))
        ? `${JSON.stringify(iss.input)} is always reached through its gateway endpoint (free); remove it from the list`
        : `${JSON.stringify(iss.input)} is not a known interface endpoint service; use one of ${INTERFACE_ENDPOINT_SERVICES.join(', ')}`,
  });

export const networkSchema = z
  .strictObject({
    cidr: vpcCidr.describe('IPv4 CIDR of the VPC (RFC 1918, /16 to /24), unique across the environments.'),
    availabilityZones: z
      .array(azName)
      .min(2, { error: 'list 2 or 3 availability zones: one zone cannot survive a zone outage' })
      .max(3, {
        error: (iss) => `${(iss.input as unknown[]).length} zones listed; this baseline uses 2 or 3`,
      })
      .refine((zs) => new Set(zs).size === zs.length, {
        error: (iss) => `${JSON.stringify(iss.input)} lists a zone twice`,
      })
      .describe(
        'Explicit availability zone names (2 or 3) in the environment region; one subnet per tier in each.',
      ),
    subnetMasks: z
      .strictObject({
        public: subnetMask(24).describe('Prefix length of each public-tier subnet (load balancers, NAT).'),
        app: subnetMask(22).describe(
          'Prefix length of each app-tier subnet (workloads, interface endpoints).',
        ),
        data: subnetMask(24).describe('Prefix length of each data-tier subnet (databases).'),
      })
      .default({ public: 24, app: 22, data: 24 })
      .describe(
        'Subnet size per tier; the subnets are allocated in order public, app, data and must fit the VPC CIDR.',
      ),
    natPerAz: z
      .boolean()
      .default(false)
      .describe('One NAT gateway per zone (zone-independent egress, production) instead of one in total.'),
    appEgress: z
      .enum(['nat', 'none'], {
        error: (iss) => `${JSON.stringify(iss.input)} is not an egress mode; use 'nat' or 'none'`,
      })
      .default('nat')
      .describe(
        "App-tier internet egress: 'nat' (HTTPS through NAT gateways) or 'none' (VPC endpoints only).",
      ),
    appPorts: portList([8080], 'app').describe('TCP ports the load balancers forward to on the app tier.'),
    databasePorts: portList([5432], 'database').describe(
      'TCP ports of the data tier, open to the app tier only (5432 PostgreSQL, 3306 MySQL, 6379 Redis).',
    ),
    interfaceEndpoints: z
      .array(endpointService)
      .refine((ns) => new Set(ns).size === ns.length, {
        error: (iss) => `${JSON.stringify(iss.input)} lists a service twice`,
      })
      .default([...DEFAULT_INTERFACE_ENDPOINTS])
      .describe(
        'Interface VPC endpoints (short names after com.amazonaws.<region>.); S3 and DynamoDB gateway endpoints are always created.',
      ),
    resolverQueryLogging: z
      .boolean()
      .default(false)
      .describe('Route 53 Resolver query logging to a KMS-encrypted log group (billed per query).'),
    dnsFirewall: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Attach a DNS Firewall rule group to the VPC.'),
        blockedDomainListIds: z
          .array(
            z.string().regex(DOMAIN_LIST_ID, {
              error: (iss) =>
                `${JSON.stringify(iss.input)} is not a DNS Firewall domain list id (rslvr-fdl-...); list them with 'aws route53resolver list-firewall-domain-lists'`,
            }),
          )
          .default([])
          .describe(
            "Domain lists to block with NXDOMAIN: the region's AWS managed AWSManagedDomainsMalwareDomainList and AWSManagedDomainsBotnetCommandandControl ids (they differ per region).",
          ),
      })
      .default({ enabled: false, blockedDomainListIds: [] })
      .describe('Route 53 Resolver DNS Firewall (billed per query; off by default).'),
  })
  .describe('Segmented VPC: public/app/data tiers, NACLs, flow logs and private service endpoints.');

export type NetworkConfig = z.infer<typeof networkSchema>;

type ConfigRule = Rule<{
  readonly environment: { readonly region: string };
  readonly network: NetworkConfig;
}>;

const TIER_ORDER = ['public', 'app', 'data'] as const;

const zonesInRegion: ConfigRule = (c) => {
  const { region } = c.environment;
  const zones = c.network.availabilityZones;
  const problems: Problem[] = zones.flatMap((zone, i) =>
    new RegExp(`^${region}[a-z]$`).test(zone)
      ? []
      : [
          {
            path: `network.availabilityZones[${i}]`,
            message: `'${zone}' is not a zone of the environment region ${region}; use ${region} followed by a zone letter, e.g. ${region}a`,
          },
        ],
  );
  const available = REGION_AZ_COUNT[region];
  // Zone letters map per account and some regions skip a letter (ap-northeast-1 has a, c, d), so one
  // letter past the zone count is the highest that can exist.
  const highest = String.fromCharCode('a'.charCodeAt(0) + (available ?? 6));
  zones.forEach((zone, i) => {
    const letter = zone.slice(-1);
    if (zone.startsWith(region) && letter > highest) {
      problems.push({
        path: `network.availabilityZones[${i}]`,
        message: `'${zone}' does not exist: ${region} has ${available} zones, lettered at most a-${highest}; use e.g. ${region}a, ${region}b`,
      });
    }
  });
  if (available !== undefined && zones.length > available) {
    problems.push({
      path: 'network.availabilityZones',
      message: `${zones.length} zones listed but ${region} has ${available}; list at most ${available}`,
    });
  }
  return problems;
};

const subnetsFit: ConfigRule = (c) => {
  const network = parseIpv4Cidr(c.network.cidr)!;
  const problems: Problem[] = [];
  for (const tier of TIER_ORDER) {
    const mask = c.network.subnetMasks[tier];
    if (mask <= network.prefix) {
      problems.push({
        path: `network.subnetMasks.${tier}`,
        message: `/${mask} subnets do not fit in the VPC ${c.network.cidr}; use a prefix longer than /${network.prefix}`,
      });
    }
  }
  if (problems.length) return problems;
  const zones = c.network.availabilityZones.length;
  const requests = TIER_ORDER.flatMap((tier) => Array<number>(zones).fill(c.network.subnetMasks[tier]));
  const { overflowAt } = allocateSubnets(network, requests);
  if (overflowAt === undefined) return [];
  const tier = TIER_ORDER[Math.floor(overflowAt / zones)];
  const masks = TIER_ORDER.map((t) => `${t} /${c.network.subnetMasks[t]}`).join(', ');
  return [
    {
      path: `network.subnetMasks.${tier}`,
      message: `${zones} zones x (${masks}) do not fit in ${c.network.cidr}: the ${tier} subnets run past its end; use longer prefixes or a larger VPC CIDR`,
    },
  ];
};

const natPerAzNeedsNat: ConfigRule = (c) =>
  c.network.natPerAz && c.network.appEgress === 'none'
    ? [
        {
          path: 'network.natPerAz',
          message:
            "true has no effect with appEgress 'none' (no NAT gateways); set natPerAz: false or appEgress: 'nat'",
        },
      ]
    : [];

const dnsFirewallHasLists: ConfigRule = (c) =>
  c.network.dnsFirewall.enabled && c.network.dnsFirewall.blockedDomainListIds.length === 0
    ? [
        {
          path: 'network.dnsFirewall.blockedDomainListIds',
          message:
            "is empty but the DNS Firewall is enabled; add the region's AWS managed malware and botnet list ids ('aws route53resolver list-firewall-domain-lists') or set enabled: false",
        },
      ]
    : [];

export const NETWORK_RULES: readonly ConfigRule[] = [
  zonesInRegion,
  subnetsFit,
  natPerAzNeedsNat,
  dnsFirewallHasLists,
];

/**
 * Rule across the environment files loaded together: VPC ranges must not overlap, so the environments
 * can later be connected (peering, Transit Gateway, shared on-premises routes) without renumbering.
 * Returns `file: path: message` lines like the loader's.
 */
export function overlappingVpcCidrs(
  loaded: readonly {
    file: string;
    config: { environment: { name: string }; network: { cidr: string } };
  }[],
): string[] {
  const problems: string[] = [];
  loaded.forEach((a, i) => {
    for (const b of loaded.slice(0, i)) {
      // A copied file is reported once, as a duplicate stage name.
      if (a.config.environment.name === b.config.environment.name) continue;
      const x = parseIpv4Cidr(a.config.network.cidr)!;
      const y = parseIpv4Cidr(b.config.network.cidr)!;
      if (overlaps(x, y)) {
        problems.push(
          `${a.file}: network.cidr: '${formatBlock(x)}' overlaps '${formatBlock(y)}' of ${b.file} (${b.config.environment.name}); give every environment its own range so the VPCs can be connected`,
        );
      }
    }
  });
  return problems;
}
