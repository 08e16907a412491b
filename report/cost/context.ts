/**
 * What every per-service cost module shares: the environment's resources, the usage assumptions of this
 * environment, and the lists the modules append their cost lines to.
 */
import type { CfnResource, StackTemplate } from '../assembly';
import type { CostLine } from '../model';
import { type PriceId, PRICES, USAGE, type UsageKey } from './pricing';

export interface Found {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

export interface CostInput {
  readonly stacks: readonly StackTemplate[];
  readonly production: boolean;
}

export interface CostContext {
  /** Every resource of the environment. */
  readonly all: readonly Found[];
  /** The resources of one CloudFormation type. */
  readonly of: (type: string) => Found[];
  /** The stacks the resources are in, for `derivedFrom`. */
  readonly where: (list: readonly Found[]) => string;
  /** A usage assumption for this environment (production or not). */
  readonly usage: (key: UsageKey) => number;
  /** Hours in a month (assumption `hoursPerMonth`). */
  readonly hours: number;
  /** Lines of what the environment runs. */
  readonly lines: CostLine[];
  /** Options that are off here, priced so the decision to turn them on is informed. */
  readonly notEnabled: CostLine[];
  /** One line priced per resource of `type`, when the templates have any; returns the resources. */
  readonly perResource: (
    type: string,
    id: string,
    item: string,
    price: PriceId,
    controls: readonly string[],
  ) => Found[];
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
export const count = (n: number, type: string): string => `${n} × ${type}`;

export function line(
  id: string,
  item: string,
  quantity: number,
  price: PriceId,
  controls: readonly string[],
  derivedFrom: string,
  unit?: string,
): CostLine {
  const p = PRICES[price];
  return {
    id,
    service: p.service,
    item,
    quantity: round2(quantity * 1000) / 1000,
    unit: unit ?? p.unit,
    unitPriceUsd: p.usd,
    monthlyUsd: round2(quantity * p.usd),
    controls: [...controls],
    derivedFrom,
    priceSource: `${p.source} (${p.region}, checked ${p.checked})`,
  };
}

export function costContext(input: CostInput): CostContext {
  const all: Found[] = input.stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources ?? {}).map(([logicalId, resource]) => ({
      stack,
      logicalId,
      resource,
    })),
  );
  const of = (type: string): Found[] => all.filter((f) => f.resource.Type === type);
  const where = (list: readonly Found[]): string =>
    [...new Set(list.map((f) => f.stack.id))].join(', ') || 'no stack';
  const usage = (key: UsageKey): number =>
    input.production ? USAGE[key].production : USAGE[key].nonProduction;
  const lines: CostLine[] = [];
  const perResource: CostContext['perResource'] = (type, id, item, price, controls) => {
    const found = of(type);
    if (found.length) {
      lines.push(
        line(id, item, found.length, price, controls, `${count(found.length, type)} (${where(found)})`),
      );
    }
    return found;
  };
  return { all, of, where, usage, hours: usage('hoursPerMonth'), lines, notEnabled: [], perResource };
}
