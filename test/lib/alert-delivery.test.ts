/**
 * Alerts that arrive: every alert route of every environment, found in the synthesized templates, is
 * simulated with the request context its AWS service really sends (proofs/service-request-context.ts)
 * against the synthesized topic policies, key policies, trust and identity policies. Negative twins prove
 * the policies are not simply open: another account's rule or alarm, and a caller without the source
 * condition, are denied. The proofs themselves (proofs/alert-delivery.ts) are what the report renders.
 */
import {
  type NegativeCaseKind,
  negativeCases,
  proveNegative,
  proveRoute,
  type SimulatedCall,
} from '../../proofs/alert-delivery';
import { type AlertRoute, findAlertRoutes, targetAction } from '../../proofs/alert-routes';
import { STAGES, testSimulator } from '../support/assembly';

const sim = testSimulator();
// The environments' routes; the Org stage's (member accounts, cross-account delivery) are proven with their
// organization in test/proofs/org-alert-delivery.test.ts.
const routes = findAlertRoutes(sim.assembly).filter((r) =>
  (STAGES as readonly string[]).includes(r.environment),
);
const negatives = negativeCases(routes);

/** `[action, decision]` of each call, to compare with what a working route must decide. */
const decisions = (calls: readonly SimulatedCall[]) => calls.map((c) => [c.action, c.decision]);
const DELIVERED_TO_TOPIC = [
  ['sns:Publish', 'Allowed'],
  ['kms:GenerateDataKey', 'Allowed'],
  ['kms:Decrypt', 'Allowed'],
];

const byKind = (kind: AlertRoute['kind']) => routes.filter((r) => r.kind === kind);
const negativesOf = (kind: NegativeCaseKind) =>
  negatives.filter((c) => c.kind === kind).map((c) => [c.subject, c] as const);

/** Every call of the negative case is implicitly denied (nothing grants it). */
async function expectDenied(c: (typeof negatives)[number]) {
  const proof = await proveNegative(sim, c);
  expect(proof.calls.length).toBeGreaterThan(0);
  for (const r of proof.calls) expect([r.action, r.decision]).toEqual([r.action, 'ImplicitlyDenied']);
  expect(proof.passed).toBe(true);
}

describe('alert routes found in the synthesized templates', () => {
  test.each(STAGES)(
    '%s has EventBridge-to-topic and alarm-to-topic routes, each to an encrypted topic',
    (stage) => {
      const mine = routes.filter((r) => r.environment === stage);
      const toTopic = mine.filter((r) => r.kind === 'rule-to-topic' || r.kind === 'alarm-to-topic');
      expect(mine.filter((r) => r.kind === 'rule-to-topic').length).toBeGreaterThanOrEqual(9);
      expect(mine.filter((r) => r.kind === 'alarm-to-topic').length).toBeGreaterThanOrEqual(16);
      for (const r of toTopic)
        expect([r.name, r.topicKeyArn]).toEqual([r.name, expect.stringContaining(':kms:')]);
    },
  );
});

describe('EventBridge rule -> SNS topic: delivered', () => {
  test.each(byKind('rule-to-topic').map((r) => [r.name, r] as const))('%s', async (_, route) => {
    const proof = await proveRoute(sim, route);
    expect(decisions(proof.calls)).toEqual(DELIVERED_TO_TOPIC);
    expect(proof.passed).toBe(true);
  });
});

describe('CloudWatch alarm -> SNS topic: delivered', () => {
  test.each(byKind('alarm-to-topic').map((r) => [r.name, r] as const))('%s', async (_, route) => {
    const proof = await proveRoute(sim, route);
    expect(decisions(proof.calls)).toEqual(DELIVERED_TO_TOPIC);
    expect(proof.passed).toBe(true);
  });
});

describe('EventBridge rule -> role-invoked target (Step Functions, event bus): delivered', () => {
  test.each(byKind('rule-to-role-target').map((r) => [r.name, r] as const))('%s', async (_, route) => {
    const proof = await proveRoute(sim, route);
    expect(decisions(proof.calls)).toEqual([
      ['sts:AssumeRole', 'Allowed'],
      [targetAction(route.targetArn), 'Allowed'],
    ]);
    expect(proof.calls[1].unresolvedPolicies).toEqual([]);
    expect(proof.passed).toBe(true);
  });
});

// No rule targets a function directly today; a route added later is simulated here.
const functionRoutes = byKind('rule-to-function');
(functionRoutes.length ? describe : describe.skip)('EventBridge rule -> Lambda function: delivered', () => {
  test.each(functionRoutes.map((r) => [r.name, r] as const))('%s', async (_, route) => {
    const proof = await proveRoute(sim, route);
    expect(decisions(proof.calls)).toEqual([['lambda:InvokeFunction', 'Allowed']]);
  });
});

describe('negative twins: what must not reach the topics', () => {
  test('found one rule and one alarm route per topic of every environment', () => {
    expect(negativesOf('foreign-rule-publish').length).toBeGreaterThanOrEqual(STAGES.length);
    expect(negativesOf('foreign-alarm-publish-and-key').length).toBeGreaterThanOrEqual(STAGES.length * 2);
  });

  test.each(negativesOf('foreign-rule-publish'))(
    "another account's rule cannot publish to %s",
    async (_, c) => {
      expect(c.requests[0].context['aws:SourceArn']).not.toBe(c.route.sourceArn);
      await expectDenied(c);
    },
  );

  test.each(negativesOf('foreign-alarm-publish-and-key'))(
    "another account's alarm cannot publish to %s, nor use its key",
    async (_, c) => {
      expect(c.requests.map((r) => r.action)).toEqual(['sns:Publish', 'kms:GenerateDataKey', 'kms:Decrypt']);
      await expectDenied(c);
    },
  );

  test.each(negativesOf('foreign-rule-assume-target-role'))(
    "another account's rule cannot assume the target role %s",
    async (_, c) => expectDenied(c),
  );

  test.each(negativesOf('rule-without-source-condition'))(
    'EventBridge without the source condition cannot publish to %s',
    async (_, c) => expectDenied(c),
  );

  test.each(negativesOf('key-for-foreign-topic'))(
    "EventBridge cannot use the key of %s for another account's topic",
    async (_, c) => expectDenied(c),
  );
});
