/** Plain constants shared by the network constructs and config validation (no CDK imports). */

/** Ports of remote administration (SSH, RDP): denied at the subnet boundary of every tier. */
export const ADMIN_PORTS = [22, 3389] as const;

/** Default per-direction quota of entries in one network ACL (AWS VPC quotas; adjustable to 40). */
export const MAX_NACL_ENTRIES_PER_DIRECTION = 20;

/** Route 53 Resolver DNS Firewall domain list ids look like `rslvr-fdl-0123456789abcdef`. */
export const DOMAIN_LIST_ID = /^rslvr-fdl-[0-9a-f]{8,32}$/;
