/**
 * Alerts that arrive: every alert route of every environment, found in the synthesized templates, is
 * simulated with the request context its AWS service really sends (proofs/service-request-context.ts)
 * against the synthesized topic policies, key policies, trust and identity policies. Negative twins prove
 * the policies are not simply open: another account's rule or alarm, and a caller without the source
 * condition, are denied.
 */
import { type AlertRoute, findAlertRoutes, targetAction } from '../../proofs/alert-routes';
import { STAGES, testSimulator } from '../support/assembly';
import { type Decision } from '../../proofs/policy-simulation';
import { SERVICE_CALLS, type ServiceCall } from '../../proofs/service-request-context';

const sim = testSimulator();
const routes = findAlertRoutes(sim.assembly);
const OTHER_ACCOUNT = '999999999999';

/** Every call of a table row for a route, with its decision. */
async function decide(
  call: ServiceCall,
  route: AlertRoute,
  resource: string,
  overrides: { sourceArn?: string; account?: string } = {},
): Promise<{ action: string; decision: Decision }[]> {
  const context = call.context({
    sourceArn: overrides.sourceArn ?? route.sourceArn,
    account: overrides.account ?? route.account,
    topicArn: route.targetArn,
  });
  return Promise.all(
    call.actions.map(async (action) => ({
      action,
      decision: (await sim.simulate({ principal: call.principal, action, resource, context })).decision,
    })),
  );
}

const allowedAll = (results: { action: string; decision: Decision }[]) =>
  Object.fromEntries(results.map((r) => [r.action, r.decision]));
const expectAllowed = (results: { action: string; decision: Decision }[]) =>
  expect(allowedAll(results)).toEqual(Object.fromEntries(results.map((r) => [r.action, 'Allowed'])));
const expectDenied = (results: { action: string; decision: Decision }[]) => {
  expect(results.length).toBeGreaterThan(0);
  for (const r of results) expect([r.action, r.decision]).toEqual([r.action, 'ImplicitlyDenied']);
};

/** Another account's twin of a source ARN (same service, region and name). */
const fromOtherAccount = (arn: string) =>
  arn.replace(/^(arn:[^:]+:[^:]+:[^:]*:)\d{12}:/, `$1${OTHER_ACCOUNT}:`);

const byKind = (kind: AlertRoute['kind']) => routes.filter((r) => r.kind === kind);

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
    expectAllowed(await decide(SERVICE_CALLS.eventBridgePublish, route, route.targetArn));
    expectAllowed(await decide(SERVICE_CALLS.eventBridgeTopicKey, route, route.topicKeyArn!));
  });
});

describe('CloudWatch alarm -> SNS topic: delivered', () => {
  test.each(byKind('alarm-to-topic').map((r) => [r.name, r] as const))('%s', async (_, route) => {
    expectAllowed(await decide(SERVICE_CALLS.cloudWatchPublish, route, route.targetArn));
    expectAllowed(await decide(SERVICE_CALLS.cloudWatchTopicKey, route, route.topicKeyArn!));
  });
});

describe('EventBridge rule -> role-invoked target (Step Functions, event bus): delivered', () => {
  test.each(byKind('rule-to-role-target').map((r) => [r.name, r] as const))('%s', async (_, route) => {
    expectAllowed(await decide(SERVICE_CALLS.eventBridgeAssumeTargetRole, route, route.roleArn!));
    const invoke = await sim.simulate({
      principal: route.roleArn!,
      action: targetAction(route.targetArn),
      resource: route.targetArn,
    });
    expect(invoke.unresolvedPolicies).toEqual([]);
    expect(invoke.decision).toBe('Allowed');
  });
});

// No rule targets a function directly today; a route added later is simulated here.
const functionRoutes = byKind('rule-to-function');
(functionRoutes.length ? describe : describe.skip)('EventBridge rule -> Lambda function: delivered', () => {
  test.each(functionRoutes.map((r) => [r.name, r] as const))('%s', async (_, route) => {
    expectAllowed(await decide(SERVICE_CALLS.eventBridgeInvokeFunction, route, route.targetArn));
  });
});

describe('negative twins: what must not reach the topics', () => {
  const oneRulePerTopic = [...new Map(byKind('rule-to-topic').map((r) => [r.targetArn, r])).values()];
  const oneAlarmPerTopic = [...new Map(byKind('alarm-to-topic').map((r) => [r.targetArn, r])).values()];

  test('found one rule and one alarm route per topic of every environment', () => {
    expect(oneRulePerTopic.length).toBeGreaterThanOrEqual(STAGES.length);
    expect(oneAlarmPerTopic.length).toBeGreaterThanOrEqual(STAGES.length * 2);
  });

  test.each(oneRulePerTopic.map((r) => [r.targetArn, r] as const))(
    "another account's rule cannot publish to %s",
    async (_, route) => {
      const other = fromOtherAccount(route.sourceArn);
      expect(other).not.toBe(route.sourceArn);
      expectDenied(
        await decide(SERVICE_CALLS.eventBridgePublish, route, route.targetArn, {
          sourceArn: other,
          account: OTHER_ACCOUNT,
        }),
      );
    },
  );

  test.each(oneAlarmPerTopic.map((r) => [r.targetArn, r] as const))(
    "another account's alarm cannot publish to %s, nor use its key",
    async (_, route) => {
      const other = { sourceArn: fromOtherAccount(route.sourceArn), account: OTHER_ACCOUNT };
      expectDenied(await decide(SERVICE_CALLS.cloudWatchPublish, route, route.targetArn, other));
      expectDenied(await decide(SERVICE_CALLS.cloudWatchTopicKey, route, route.topicKeyArn!, other));
    },
  );

  test.each(byKind('rule-to-role-target').map((r) => [r.roleArn, r] as const))(
    "another account's rule cannot assume the target role %s",
    async (_, route) => {
      const other = { sourceArn: fromOtherAccount(route.sourceArn), account: OTHER_ACCOUNT };
      expectDenied(await decide(SERVICE_CALLS.eventBridgeAssumeTargetRole, route, route.roleArn!, other));
    },
  );

  test.each(oneRulePerTopic.map((r) => [r.targetArn, r] as const))(
    'EventBridge without the source condition cannot publish to %s',
    async (_, route) => {
      const outcome = await sim.simulate({
        principal: 'events.amazonaws.com',
        action: 'sns:Publish',
        resource: route.targetArn,
        context: { 'aws:SecureTransport': 'true' },
      });
      expect(outcome.decision).toBe('ImplicitlyDenied');
    },
  );

  test.each(oneRulePerTopic.map((r) => [r.targetArn, r] as const))(
    "EventBridge cannot use the key of %s for another account's topic",
    async (_, route) => {
      const results = await Promise.all(
        SERVICE_CALLS.eventBridgeTopicKey.actions.map(async (action) => ({
          action,
          decision: (
            await sim.simulate({
              principal: 'events.amazonaws.com',
              action,
              resource: route.topicKeyArn!,
              context: { 'kms:EncryptionContext:aws:sns:topicArn': fromOtherAccount(route.targetArn) },
            })
          ).decision,
        })),
      );
      expectDenied(results);
    },
  );
});
