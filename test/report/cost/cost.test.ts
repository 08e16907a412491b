import { PRICES, USAGE } from '../../../report/cost/pricing';
import type { CfnResource, StackTemplate } from '../../../report/assembly';
import { estimateCost } from '../../../report/cost';
import { readAssembly } from '../../../report/assembly';
import { TEST_ASSEMBLY_DIR } from '../../support/assembly';

const stack = (id: string, resources: Record<string, CfnResource>): StackTemplate => ({
  id,
  displayName: `T/${id}`,
  stackName: `T-${id}`,
  template: { Resources: resources },
});

const keys = (n: number): Record<string, CfnResource> =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `Key${i}`,
      { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    ]),
  );

const network = stack('Network', {
  Nat1: { Type: 'AWS::EC2::NatGateway' },
  Nat2: { Type: 'AWS::EC2::NatGateway' },
  Kms: {
    Type: 'AWS::EC2::VPCEndpoint',
    Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b', 'c'] },
  },
  S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } },
});
const edge = (shield: boolean) =>
  stack('Edge', {
    Acl: {
      Type: 'AWS::WAFv2::WebACL',
      Properties: {
        Rules: [
          { Statement: { ManagedRuleGroupStatement: { Name: 'AWSManagedRulesCommonRuleSet' } } },
          { Statement: { RateBasedStatement: { Limit: 1000 } } },
          { Statement: { ManagedRuleGroupStatement: { Name: 'AWSManagedRulesSQLiRuleSet' } } },
        ],
      },
    },
    ...(shield ? { Protection: { Type: 'AWS::Shield::Protection', Properties: { ResourceArn: 'x' } } } : {}),
  });

const line = (c: ReturnType<typeof estimateCost>, id: string) => c.lines.find((l) => l.id === id);

describe('cost estimate', () => {
  test('KMS: quantities are the keys counted in the templates', () => {
    expect(line(estimateCost({ stacks: [stack('F', keys(4))], production: true }), 'kms-keys')).toMatchObject(
      {
        quantity: 4,
        monthlyUsd: 4 * PRICES.kmsKey.usd,
        controls: ['DP1', 'DP4', 'DP7'],
      },
    );
    expect(
      line(estimateCost({ stacks: [stack('F', keys(7))], production: true }), 'kms-keys')?.quantity,
    ).toBe(7);
  });

  test('NAT gateways and interface endpoints are charged per gateway and per endpoint AZ', () => {
    const c = estimateCost({ stacks: [network], production: true });
    expect(line(c, 'nat-hours')?.quantity).toBe(2 * USAGE.hoursPerMonth.production);
    expect(line(c, 'nat-data')?.quantity).toBe(2 * USAGE.natGbPerGateway.production);
    expect(line(c, 'endpoint-hours')?.quantity).toBe(3 * USAGE.hoursPerMonth.production);
    expect(line(c, 'endpoint-hours')?.monthlyUsd).toBeCloseTo(3 * 730 * PRICES.endpointHour.usd, 2);
  });

  test('WAF: web ACLs, rules and the request assumption per environment kind', () => {
    const prod = estimateCost({ stacks: [edge(false)], production: true });
    const dev = estimateCost({ stacks: [edge(false)], production: false });
    expect(line(prod, 'waf-rules')?.quantity).toBe(3);
    expect(line(prod, 'waf-requests')?.quantity).toBe(USAGE.wafMillionRequestsPerWebAcl.production);
    expect(line(dev, 'waf-requests')?.quantity).toBe(USAGE.wafMillionRequestsPerWebAcl.nonProduction);
  });

  test('Shield Advanced shows its USD 3,000 per month whether or not it is enabled', () => {
    const off = estimateCost({ stacks: [edge(false)], production: true });
    const on = estimateCost({ stacks: [edge(true)], production: true });
    expect(off.notEnabled.find((l) => l.id === 'shield-advanced')?.monthlyUsd).toBe(3000);
    expect(line(off, 'shield-advanced')).toBeUndefined();
    expect(line(on, 'shield-advanced')?.monthlyUsd).toBe(3000);
    expect(on.totalMonthlyUsd - off.totalMonthlyUsd).toBeCloseTo(3000, 2);
  });

  test('the total is the sum of the lines and the per-control split adds up to it', () => {
    const c = estimateCost({ stacks: [stack('F', keys(4)), network, edge(true)], production: true });
    expect(c.totalMonthlyUsd).toBeCloseTo(
      c.lines.reduce((s, l) => s + l.monthlyUsd, 0),
      2,
    );
    expect(c.byControl.reduce((s, b) => s + b.monthlyUsd, 0)).toBeCloseTo(c.totalMonthlyUsd, 0);
  });

  test('every price records its source, region and check date', () => {
    for (const p of Object.values(PRICES)) {
      expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(p.region).toMatch(/^(global|[a-z]{2}-[a-z]+-\d)$/);
      expect(p.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  test('the shipped environments are priced from their templates', () => {
    const prod = readAssembly(TEST_ASSEMBLY_DIR).stages.find((s) => s.stage === 'Prod')!;
    const keysInTemplates = prod.stacks
      .flatMap((s) => Object.values(s.template.Resources ?? {}))
      .filter((r) => r.Type === 'AWS::KMS::Key').length;
    expect(line(estimateCost({ stacks: prod.stacks, production: true }), 'kms-keys')?.quantity).toBe(
      keysInTemplates,
    );
  });
});
