/**
 * Alerts of the organization that arrive: every EventBridge rule and CloudWatch alarm of the Org stage's stacks
 * and of the member template (proven as its StackSet instance in a member account of the organization,
 * proofs/resolved-assembly.ts) is an alert route, simulated hop by hop with the request context AWS sends
 * (proofs/service-request-context.ts). The member break-glass rule delivers to the organization topic in the
 * security tooling account: EventBridge assumes the member's execution role, the role publishes (topic policy
 * and the role's identity policy), and SNS uses the topic key on the role's behalf (key policy and identity
 * policy). Each hop has a twin that must be denied (outside the organization, another role of the member).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../lib/app';
import {
  FOREIGN_ORGANIZATION,
  type NegativeCaseKind,
  negativeCases,
  proveNegative,
  proveRoute,
} from '../../proofs/alert-delivery';
import { findAlertRoutes } from '../../proofs/alert-routes';
import { STACKSET_MEMBER_ACCOUNT, stackSetInstanceName } from '../../proofs/resolved-assembly';
import { roleSession } from '../../proofs/service-request-context';
import { orgTestSimulator } from '../support/assembly';

const ORG = parse(fs.readFileSync(path.join(ROOT, 'config', 'organization.yaml'), 'utf8')) as {
  organization: { id: string; homeRegion: string; governedRegions: string[] };
  accounts: { securityTooling: string };
};
const { id: organizationId, homeRegion } = ORG.organization;
const sim = orgTestSimulator();
const routes = findAlertRoutes(sim.assembly).filter((r) => r.environment === 'Org');
const negatives = negativeCases(routes, organizationId);
const orgTopic = `arn:aws:sns:${homeRegion}:${ORG.accounts.securityTooling}:security-baseline-org-findings`;
const member = (region: string) => stackSetInstanceName('Org/MemberBaseline', region);
const breakGlass = () => {
  const found = routes.filter((r) => r.source.stack.displayName === member(homeRegion));
  expect(found).toHaveLength(1);
  return found[0];
};
const negativesOf = (kind: NegativeCaseKind) => negatives.filter((c) => c.kind === kind);

describe('Org alert routes found in the templates', () => {
  test('every rule with a target and every alarm with an SNS action of the Org stage (member instances included) is a route', () => {
    const a = sim.assembly;
    const org = (s: { displayName: string }) => s.displayName.startsWith('Org/');
    const rules = a
      .resources('AWS::Events::Rule', org)
      .filter((r) => ((a.property(r, 'Targets') as unknown[]) ?? []).length > 0);
    const alarms = a
      .resources('AWS::CloudWatch::Alarm', org)
      .filter((r) => ((a.property(r, 'AlarmActions') as string[]) ?? []).some((x) => x.includes(':sns:')));
    expect(rules.length).toBeGreaterThan(0);
    expect(alarms.length).toBeGreaterThan(0);
    const sources = new Set(routes.map((r) => `${r.source.stack.displayName}/${r.source.logicalId}`));
    expect([...rules, ...alarms].map((r) => `${r.stack.displayName}/${r.logicalId}`).sort()).toEqual(
      [...sources].sort(),
    );
  });

  test('the member template is loaded once per governed region, as the stand-in member account', () => {
    const instances = sim.assembly.stacks.filter((s) => s.displayName.startsWith('Org/MemberBaseline@'));
    expect(instances.map((s) => [s.region, s.account])).toEqual(
      ORG.organization.governedRegions.map((r) => [r, STACKSET_MEMBER_ACCOUNT]),
    );
  });

  test("the member's break-glass rule (home region only) is a cross-account route to the organization topic through the publisher role", () => {
    const route = breakGlass();
    expect(route.kind).toBe('rule-to-cross-account-topic');
    expect(route.targetArn).toBe(orgTopic);
    expect(route.roleArn).toBe(`arn:aws:iam::${STACKSET_MEMBER_ACCOUNT}:role/security-baseline-org-notify`);
    expect(route.topicKeyArn).toMatch(
      new RegExp(`^arn:aws:kms:${homeRegion}:${ORG.accounts.securityTooling}:key/`),
    );
  });

  test('the sign-in forwarder exists in the us-east-1 instance only, routed to the home region bus of the same account', () => {
    const forwarders = routes.filter((r) => r.kind === 'rule-to-role-target');
    expect(forwarders.map((r) => [r.source.stack.displayName, r.targetArn])).toEqual([
      [member('us-east-1'), `arn:aws:events:${homeRegion}:${STACKSET_MEMBER_ACCOUNT}:event-bus/default`],
    ]);
  });
});

describe('Org alert routes: delivered', () => {
  test.each(routes.map((r) => [r.name, r] as const))('%s', async (_, route) => {
    const proof = await proveRoute(sim, route, organizationId);
    expect(proof.calls.length).toBeGreaterThan(0);
    expect(proof.calls.map((c) => [c.action, c.decision])).toEqual(
      proof.calls.map((c) => [c.action, 'Allowed']),
    );
    expect(proof.passed).toBe(true);
  });

  test('cross-account delivery: each hop is allowed by the statement meant for it (trust, topic policy and identity, key policy and identity)', async () => {
    const proof = await proveRoute(sim, breakGlass(), organizationId);
    expect(proof.calls.map((c) => [c.action, c.principal, c.decision, [...c.deciding].sort()])).toEqual([
      ['sts:AssumeRole', 'events.amazonaws.com', 'Allowed', ['#1']],
      [
        'sns:Publish',
        roleSession(breakGlass().roleArn!),
        'Allowed',
        ['AllowOrganizationPublisherRoles', 'PublishToTheOrganizationTopic'],
      ],
      [
        'kms:GenerateDataKey',
        roleSession(breakGlass().roleArn!),
        'Allowed',
        ['EncryptForTheOrganizationTopicThroughSns', 'OrganizationPublisherRolesEncryptForTheTopic'],
      ],
      [
        'kms:Decrypt',
        roleSession(breakGlass().roleArn!),
        'Allowed',
        ['EncryptForTheOrganizationTopicThroughSns', 'OrganizationPublisherRolesEncryptForTheTopic'],
      ],
    ]);
    expect(proof.calls[1].context).toMatchObject({ 'aws:PrincipalOrgID': organizationId });
    expect(proof.calls[2].context).toMatchObject({
      'kms:ViaService': `sns.${homeRegion}.amazonaws.com`,
      'kms:EncryptionContext:aws:sns:topicArn': orgTopic,
    });
    expect(proof.calls[1].contextSource).toBe(
      'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html',
    );
  });

  test('fails if the topic key does not admit the organization publisher roles (the key policy hop is needed)', async () => {
    const route = breakGlass();
    const [, , generate] = (await proveRoute(sim, route, organizationId)).calls;
    const keyPolicy = sim.resourcePolicyFor(route.topicKeyArn!, 'kms:GenerateDataKey')!.policy;
    const without = {
      ...keyPolicy,
      Statement: (keyPolicy.Statement as { Sid?: string }[]).filter(
        (s) => s.Sid !== 'OrganizationPublisherRolesEncryptForTheTopic',
      ),
    };
    const outcome = await sim.simulate(
      {
        principal: generate.principal,
        action: generate.action,
        resource: generate.resource,
        context: generate.context,
      },
      { resourcePolicy: without },
    );
    expect(outcome.decision).toBe('ImplicitlyDenied');
  });

  test('fails without the execution role: EventBridge of the member account publishing as the service is denied by the topic policy', async () => {
    const route = breakGlass();
    const outcome = await sim.simulate({
      principal: 'events.amazonaws.com',
      action: 'sns:Publish',
      resource: route.targetArn,
      context: {
        'aws:SourceArn': route.sourceArn,
        'aws:SourceAccount': STACKSET_MEMBER_ACCOUNT,
        'aws:SecureTransport': 'true',
      },
    });
    expect(outcome.decision).toBe('ImplicitlyDenied');
  });

  test('fails if a cross-account route is proven without the organization of its account', async () => {
    await expect(proveRoute(sim, breakGlass())).rejects.toThrow(/needs the organization id/);
  });
});

describe('Org negative twins: what must not reach the organization topic', () => {
  test('the cross-account route has its outside-organization and other-member-role cases, and its role its foreign-rule case', () => {
    expect(negativesOf('outside-organization-publish').map((c) => c.subject)).toEqual([orgTopic]);
    expect(negativesOf('other-member-role-publish').map((c) => c.subject)).toEqual([orgTopic]);
    expect(negativesOf('foreign-rule-assume-target-role').map((c) => c.subject)).toContain(
      breakGlass().roleArn,
    );
  });

  test('a role of the same name in an account outside the organization, with the same policies, cannot publish nor use the key', async () => {
    const [c] = negativesOf('outside-organization-publish');
    expect(c.requests.map((r) => [r.action, r.context['aws:PrincipalOrgID'], r.withPoliciesOf])).toEqual(
      ['sns:Publish', 'kms:GenerateDataKey', 'kms:Decrypt'].map((a) => [
        a,
        FOREIGN_ORGANIZATION,
        breakGlass().roleArn,
      ]),
    );
    const proof = await proveNegative(sim, c);
    expect(proof.calls.map((x) => x.decision)).toEqual([
      'ImplicitlyDenied',
      'ImplicitlyDenied',
      'ImplicitlyDenied',
    ]);
    expect(proof.passed).toBe(true);
  });

  test('another role of the member account (same organization, same policies) cannot publish nor use the key', async () => {
    const [c] = negativesOf('other-member-role-publish');
    // The impostor differs from the publisher role by its name only: same member account and organization,
    // the publisher role's own policies. So only the topic and key policies' aws:PrincipalArn condition on
    // the publisher role's name can deny it.
    const impostor = `arn:aws:iam::${STACKSET_MEMBER_ACCOUNT}:role/account-administrator`;
    expect(
      c.requests.map((r) => [
        r.action,
        r.principal,
        r.context['aws:PrincipalArn'],
        r.context['aws:PrincipalAccount'],
        r.context['aws:PrincipalOrgID'],
        r.withPoliciesOf,
      ]),
    ).toEqual(
      ['sns:Publish', 'kms:GenerateDataKey', 'kms:Decrypt'].map((a) => [
        a,
        `arn:aws:sts::${STACKSET_MEMBER_ACCOUNT}:assumed-role/account-administrator/events`,
        impostor,
        STACKSET_MEMBER_ACCOUNT,
        organizationId,
        `arn:aws:iam::${STACKSET_MEMBER_ACCOUNT}:role/security-baseline-org-notify`,
      ]),
    );
    const proof = await proveNegative(sim, c);
    expect(proof.calls.map((x) => x.decision)).toEqual([
      'ImplicitlyDenied',
      'ImplicitlyDenied',
      'ImplicitlyDenied',
    ]);
    expect(proof.passed).toBe(true);
  });

  test.each(negatives.map((c) => [`${c.kind} ${c.subject}`, c] as const))('%s: denied', async (_, c) => {
    const proof = await proveNegative(sim, c);
    expect(proof.calls.length).toBeGreaterThan(0);
    expect(proof.passed).toBe(true);
  });
});
