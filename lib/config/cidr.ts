/** IPv4 CIDR arithmetic for config validation (no dependencies; addresses are plain numbers). */

export interface Ipv4Block {
  /** First address of the block. */
  readonly start: number;
  /** Prefix length (0-32). */
  readonly prefix: number;
  /** Number of addresses. */
  readonly size: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; undefined when malformed. `start` keeps host bits (see `isNetworkAddress`). */
export function parseIpv4Cidr(cidr: string): Ipv4Block | undefined {
  const m = CIDR.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const start = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { start, prefix, size: 2 ** (32 - prefix) };
}

/** True when the address has no host bits set (10.0.0.0/16, not 10.0.1.0/16). */
export function isNetworkAddress(block: Ipv4Block): boolean {
  return block.start % block.size === 0;
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

export function formatBlock(block: Ipv4Block): string {
  return `${formatIpv4(block.start)}/${block.prefix}`;
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}

export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.start >= outer.start && inner.start + inner.size <= outer.start + outer.size;
}

/** The private ranges of RFC 1918. */
export const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseIpv4Cidr(c)!);

/**
 * Allocates subnets the way aws-cdk-lib's `IpAddresses.cidr` does for explicit masks: in request order,
 * each block at the next address aligned to its own size. Returns the blocks, or the index of the first
 * request that no longer fits inside `network`.
 */
export function allocateSubnets(
  network: Ipv4Block,
  prefixes: readonly number[],
): { blocks: Ipv4Block[]; overflowAt?: number } {
  const blocks: Ipv4Block[] = [];
  let next = network.start - (network.start % network.size);
  const end = next + network.size;
  for (const [i, prefix] of prefixes.entries()) {
    const size = 2 ** (32 - prefix);
    const start = Math.ceil(next / size) * size;
    if (start + size > end) return { blocks, overflowAt: i };
    blocks.push({ start, prefix, size });
    next = start + size;
  }
  return { blocks };
}
