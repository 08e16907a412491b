/**
 * Estimated monthly cost of one environment's security controls: quantities counted from the synthesized
 * templates (keys, NAT gateways, endpoint AZs, web ACLs and rules, detectors, user pools, ...), multiplied
 * by the list prices and usage assumptions of `pricing.ts`. Options that are off (Shield
 * Advanced, Bot Control, Cognito Plus) are priced separately so the decision to turn them on is informed.
 * One module per service family appends its lines, in the order below.
 */
import type { CostEstimate } from '../model';
import { costContext, type CostInput, round2 } from './context';
import { dataProtectionCost } from './data-protection';
import { detectionCost } from './detection';
import { edgeCost } from './edge';
import { identityCost } from './identity';
import { kmsCost } from './kms';
import { networkCost } from './network';
import { type PriceId, PRICES, USAGE, type UsageKey } from './pricing';

export type { CostInput };

const SERVICES = [kmsCost, networkCost, edgeCost, identityCost, dataProtectionCost, detectionCost];

/** Lines and the options not enabled, for one environment. */
export function estimateCost(input: CostInput): CostEstimate {
  const ctx = costContext(input);
  for (const service of SERVICES) service(ctx);
  const { lines, notEnabled, usage } = ctx;

  // Per control: a line serving several controls is split equally between them.
  const byControl = new Map<string, number>();
  for (const l of lines) {
    for (const c of l.controls) byControl.set(c, (byControl.get(c) ?? 0) + l.monthlyUsd / l.controls.length);
  }

  return {
    currency: 'USD',
    totalMonthlyUsd: round2(lines.reduce((s, l) => s + l.monthlyUsd, 0)),
    lines,
    byControl: [...byControl.entries()]
      .map(([id, usd]) => ({ id, monthlyUsd: round2(usd) }))
      .sort((a, b) => b.monthlyUsd - a.monthlyUsd),
    notEnabled,
    assumptions: (Object.keys(USAGE) as UsageKey[]).map((key) => ({
      key,
      value: usage(key),
      unit: USAGE[key].unit,
      note: USAGE[key].note,
    })),
    prices: (Object.keys(PRICES) as PriceId[]).map((id) => ({ id, ...PRICES[id] })),
  };
}
