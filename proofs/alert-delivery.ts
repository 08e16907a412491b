/**
 * Delivery proofs of the alert routes: for each route found in the templates (proofs/alert-routes.ts), the
 * calls its AWS service makes, with the request context that service really sends (one row of
 * proofs/service-request-context.ts), simulated against the synthesized policies; and the negative cases
 * that must be denied (another account's rule or alarm, a caller without the source condition, the topic
 * key used for another account's topic), so policies that allow everything cannot pass.
 *
 * test/lib/alert-delivery.test.ts asserts these proofs; the report renders them (SM5, SM7, alerting view).
 */
import { type AlertRoute, findAlertRoutes, targetAction } from './alert-routes';
import type { Decision, PolicyOverrides, PolicySimulator, SimulationOutcome } from './policy-simulation';
import { roleSession, type RouteFacts, SERVICE_CALLS, type ServiceCall } from './service-request-context';

/** An account that is not the environment's own. */
export const FOREIGN_ACCOUNT = '999999999999';

/** The organization of {@link FOREIGN_ACCOUNT} in the cross-account cases: not the one the baseline governs. */
export const FOREIGN_ORGANIZATION = 'o-zz99zz99zz';

/** One simulated call and whether it decided as a working (or a closed) route requires. */
export interface SimulatedCall {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
  /** `Allowed` for a delivery; `ImplicitlyDenied` for a negative case (nothing grants it). */
  readonly expected: 'Allowed' | 'ImplicitlyDenied';
  readonly decision: Decision;
  /** Sids (or `#<index>`) of the statements that decided. */
  readonly deciding: readonly string[];
  /** AWS documentation of the request context used. */
  readonly contextSource: string;
  /** Policies that apply but are not in the assembly (AWS managed): a call depending on them does not pass. */
  readonly unresolvedPolicies: readonly string[];
  readonly passed: boolean;
}

export interface RouteProof {
  readonly route: AlertRoute;
  readonly calls: readonly SimulatedCall[];
  /** Every call decided as expected. */
  readonly passed: boolean;
}

export type NegativeCaseKind =
  | 'foreign-rule-publish'
  | 'foreign-alarm-publish-and-key'
  | 'foreign-rule-assume-target-role'
  | 'rule-without-source-condition'
  | 'key-for-foreign-topic'
  | 'outside-organization-publish'
  | 'other-member-role-publish';

export interface NegativeProof {
  readonly kind: NegativeCaseKind;
  /** What must not happen, in words. */
  readonly title: string;
  /** The topic or role the case is about. */
  readonly subject: string;
  /** The route whose topic, key or role is attacked. */
  readonly route: AlertRoute;
  readonly calls: readonly SimulatedCall[];
  readonly passed: boolean;
}

export interface AlertDeliveryProofs {
  readonly routes: readonly RouteProof[];
  readonly negatives: readonly NegativeProof[];
}

/** Another account's twin of an ARN (same service, region and name). */
export const fromForeignAccount = (arn: string): string =>
  arn.replace(/^(arn:[^:]+:[^:]+:[^:]*:)\d{12}:/, `$1${FOREIGN_ACCOUNT}:`);

const EVENTBRIDGE_TARGETS = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html';

const deciding = (o: SimulationOutcome) => o.deciding.map((d) => d.sid ?? `#${d.index}`);

/** A request a service (or a target role) makes, with the documentation of its context. */
export interface ServiceRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
  readonly contextSource: string;
  /**
   * A role of the assembly whose identity policies and boundary the caller is given (an impostor of that
   * role in another account or under another name), so only the resource side can deny it.
   * @default - the caller's own policies (none for a service principal or a role outside the assembly)
   */
  readonly withPoliciesOf?: string;
}

/** The identity policies and boundary of the role `roleArn` of the assembly, as overrides for another caller. */
function policiesOf(sim: PolicySimulator, roleArn: string): PolicyOverrides {
  const role = sim.assembly.findByArn(roleArn, 'AWS::IAM::Role');
  if (!role) throw new Error(`${roleArn} is not a role of the assembly`);
  const own = sim.identityPoliciesOf(role);
  if (own.unresolved.length)
    throw new Error(`${roleArn} has policies outside the assembly: ${own.unresolved.join(', ')}`);
  return { identityPolicies: own.policies, permissionsBoundary: own.boundary?.policy ?? null };
}

/** Decides one request and records it. */
export async function decide(
  sim: PolicySimulator,
  request: ServiceRequest,
  expected: SimulatedCall['expected'],
): Promise<SimulatedCall> {
  const { contextSource, withPoliciesOf, ...rest } = request;
  const outcome = await sim.simulate(rest, withPoliciesOf ? policiesOf(sim, withPoliciesOf) : {});
  return {
    ...rest,
    expected,
    decision: outcome.decision,
    deciding: deciding(outcome),
    contextSource,
    unresolvedPolicies: outcome.unresolvedPolicies,
    passed: outcome.decision === expected && outcome.unresolvedPolicies.length === 0,
  };
}

/** The requests of a table row for a route (with a foreign source or caller for negative cases). */
function requestsOf(
  row: ServiceCall,
  route: AlertRoute,
  resource: string,
  organizationId: string | undefined,
  source: Partial<RouteFacts> & { principal?: string; withPoliciesOf?: string } = {},
): ServiceRequest[] {
  const facts: RouteFacts = {
    sourceArn: source.sourceArn ?? route.sourceArn,
    account: source.account ?? route.account,
    topicArn: route.targetArn,
    roleArn: source.roleArn ?? route.roleArn,
    organizationId: source.organizationId ?? organizationId,
  };
  const context = row.context(facts);
  const principal =
    source.principal ?? (row.principal.startsWith('a session') ? roleSession(facts.roleArn!) : row.principal);
  return row.actions.map((action) => ({
    principal,
    action,
    resource,
    context,
    contextSource: row.source,
    ...(source.withPoliciesOf ? { withPoliciesOf: source.withPoliciesOf } : {}),
  }));
}

/**
 * The requests a route's delivery takes (each must be Allowed); none for a topic without a key of the
 * assembly. A cross-account route needs the AWS Organizations id of the rule's account.
 */
export function deliveryRequests(route: AlertRoute, organizationId?: string): ServiceRequest[] {
  switch (route.kind) {
    case 'rule-to-topic':
      return route.topicKeyArn
        ? [
            ...requestsOf(SERVICE_CALLS.eventBridgePublish, route, route.targetArn, organizationId),
            ...requestsOf(SERVICE_CALLS.eventBridgeTopicKey, route, route.topicKeyArn, organizationId),
          ]
        : [];
    case 'rule-to-cross-account-topic':
      return route.topicKeyArn
        ? [
            ...requestsOf(SERVICE_CALLS.eventBridgeAssumeTargetRole, route, route.roleArn!, organizationId),
            ...requestsOf(SERVICE_CALLS.executionRolePublish, route, route.targetArn, organizationId),
            ...requestsOf(SERVICE_CALLS.executionRoleTopicKey, route, route.topicKeyArn, organizationId),
          ]
        : [];
    case 'alarm-to-topic':
      return route.topicKeyArn
        ? [
            ...requestsOf(SERVICE_CALLS.cloudWatchPublish, route, route.targetArn, organizationId),
            ...requestsOf(SERVICE_CALLS.cloudWatchTopicKey, route, route.topicKeyArn, organizationId),
          ]
        : [];
    case 'rule-to-role-target':
      return [
        ...requestsOf(SERVICE_CALLS.eventBridgeAssumeTargetRole, route, route.roleArn!, organizationId),
        {
          principal: route.roleArn!,
          action: targetAction(route.targetArn),
          resource: route.targetArn,
          context: {},
          contextSource: EVENTBRIDGE_TARGETS,
        },
      ];
    case 'rule-to-function':
      return requestsOf(SERVICE_CALLS.eventBridgeInvokeFunction, route, route.targetArn, organizationId);
  }
}

/**
 * The calls a route's delivery takes, each expected Allowed. A route to a topic that is not encrypted with
 * a key of the assembly has no calls and does not pass (the security topics must be encrypted).
 */
export async function proveRoute(
  sim: PolicySimulator,
  route: AlertRoute,
  organizationId?: string,
): Promise<RouteProof> {
  const calls = await Promise.all(
    deliveryRequests(route, organizationId).map((r) => decide(sim, r, 'Allowed')),
  );
  return { route, calls, passed: calls.length > 0 && calls.every((c) => c.passed) };
}

/** A negative case before it is decided: every request must be (implicitly) denied. */
export interface NegativeCase {
  readonly kind: NegativeCaseKind;
  readonly title: string;
  readonly subject: string;
  readonly route: AlertRoute;
  readonly requests: readonly ServiceRequest[];
}

const firstPer = (routes: readonly AlertRoute[], kind: AlertRoute['kind']) => [
  ...new Map(routes.filter((r) => r.kind === kind).map((r) => [r.targetArn, r])).values(),
];

/**
 * The negative cases of a set of routes: per topic (one rule, one alarm, one cross-account rule) and per
 * target role. A cross-account route's cases need the organization id of its rule's account.
 */
export function negativeCases(routes: readonly AlertRoute[], organizationId?: string): NegativeCase[] {
  const rules = firstPer(routes, 'rule-to-topic').filter((r) => r.topicKeyArn);
  const alarms = firstPer(routes, 'alarm-to-topic').filter((r) => r.topicKeyArn);
  const crossAccount = firstPer(routes, 'rule-to-cross-account-topic').filter((r) => r.topicKeyArn);
  const roleTargets = routes.filter(
    (r) => r.kind === 'rule-to-role-target' || r.kind === 'rule-to-cross-account-topic',
  );
  // The execution role's own calls, made by an impostor carrying the role's policies: only the topic and key
  // policies can stop it.
  const impostorCalls = (route: AlertRoute, caller: Partial<RouteFacts> & { principal: string }) => [
    ...requestsOf(SERVICE_CALLS.executionRolePublish, route, route.targetArn, organizationId, {
      ...caller,
      withPoliciesOf: route.roleArn,
    }),
    ...requestsOf(SERVICE_CALLS.executionRoleTopicKey, route, route.topicKeyArn!, organizationId, {
      ...caller,
      withPoliciesOf: route.roleArn,
    }),
  ];
  const sameNameIn = (roleArn: string, account: string) =>
    roleArn.replace(/:\d{12}:role\//, `:${account}:role/`);
  const otherRole = (roleArn: string) => roleArn.replace(/:role\/.*$/, ':role/account-administrator');
  const foreign = (route: AlertRoute) => ({
    sourceArn: fromForeignAccount(route.sourceArn),
    account: FOREIGN_ACCOUNT,
  });
  return [
    ...rules.map((route) => ({
      kind: 'foreign-rule-publish' as const,
      title: "another account's rule cannot publish to the topic",
      subject: route.targetArn,
      route,
      requests: requestsOf(
        SERVICE_CALLS.eventBridgePublish,
        route,
        route.targetArn,
        organizationId,
        foreign(route),
      ),
    })),
    ...crossAccount.map((route) => {
      const impostor = sameNameIn(route.roleArn!, FOREIGN_ACCOUNT);
      return {
        kind: 'outside-organization-publish' as const,
        title:
          'a role of the same name in an account outside the organization cannot publish to the topic, nor use its key',
        subject: route.targetArn,
        route,
        requests: impostorCalls(route, {
          principal: roleSession(impostor),
          roleArn: impostor,
          account: FOREIGN_ACCOUNT,
          organizationId: FOREIGN_ORGANIZATION,
        }),
      };
    }),
    ...crossAccount.map((route) => {
      const other = otherRole(route.roleArn!);
      return {
        kind: 'other-member-role-publish' as const,
        title:
          'another role of a member account (same organization, same policies) cannot publish to the topic, nor use its key',
        subject: route.targetArn,
        route,
        requests: impostorCalls(route, { principal: roleSession(other), roleArn: other }),
      };
    }),
    ...alarms.map((route) => ({
      kind: 'foreign-alarm-publish-and-key' as const,
      title: "another account's alarm cannot publish to the topic, nor use its key",
      subject: route.targetArn,
      route,
      requests: [
        ...requestsOf(
          SERVICE_CALLS.cloudWatchPublish,
          route,
          route.targetArn,
          organizationId,
          foreign(route),
        ),
        ...requestsOf(
          SERVICE_CALLS.cloudWatchTopicKey,
          route,
          route.topicKeyArn!,
          organizationId,
          foreign(route),
        ),
      ],
    })),
    ...roleTargets.map((route) => ({
      kind: 'foreign-rule-assume-target-role' as const,
      title: "another account's rule cannot assume the target role",
      subject: route.roleArn!,
      route,
      requests: requestsOf(
        SERVICE_CALLS.eventBridgeAssumeTargetRole,
        route,
        route.roleArn!,
        organizationId,
        foreign(route),
      ),
    })),
    ...rules.map((route) => ({
      kind: 'rule-without-source-condition' as const,
      title: 'EventBridge without the source condition cannot publish to the topic',
      subject: route.targetArn,
      route,
      requests: [
        {
          principal: SERVICE_CALLS.eventBridgePublish.principal,
          action: 'sns:Publish',
          resource: route.targetArn,
          context: { 'aws:SecureTransport': 'true' },
          contextSource: SERVICE_CALLS.eventBridgePublish.source,
        },
      ],
    })),
    ...rules.map((route) => ({
      kind: 'key-for-foreign-topic' as const,
      title: "EventBridge cannot use the topic's key for another account's topic",
      subject: route.targetArn,
      route,
      requests: SERVICE_CALLS.eventBridgeTopicKey.actions.map((action) => ({
        principal: SERVICE_CALLS.eventBridgeTopicKey.principal,
        action,
        resource: route.topicKeyArn!,
        context: { 'kms:EncryptionContext:aws:sns:topicArn': fromForeignAccount(route.targetArn) },
        contextSource: SERVICE_CALLS.eventBridgeTopicKey.source,
      })),
    })),
  ];
}

/** Decides a negative case: it passes when every request is implicitly denied. */
export async function proveNegative(sim: PolicySimulator, c: NegativeCase): Promise<NegativeProof> {
  const calls = await Promise.all(c.requests.map((r) => decide(sim, r, 'ImplicitlyDenied')));
  return {
    kind: c.kind,
    title: c.title,
    subject: c.subject,
    route: c.route,
    calls,
    passed: calls.length > 0 && calls.every((x) => x.passed),
  };
}

/**
 * Every route of the stage `stage` (all stages if omitted), proven, with its negative cases. The organization
 * id is that of the stage's accounts, for the routes that cross accounts (the Org stage's member template).
 */
export async function proveAlertDelivery(
  sim: PolicySimulator,
  stage?: string,
  options: { readonly organizationId?: string } = {},
): Promise<AlertDeliveryProofs> {
  const routes = findAlertRoutes(sim.assembly).filter((r) => stage === undefined || r.environment === stage);
  const { organizationId } = options;
  return {
    routes: await Promise.all(routes.map((r) => proveRoute(sim, r, organizationId))),
    negatives: await Promise.all(negativeCases(routes, organizationId).map((c) => proveNegative(sim, c))),
  };
}
