/**
 * Every alert route of a synthesized assembly, found in the templates (never listed by hand): EventBridge
 * rules with an SNS topic (of their account, or of another account through an execution role), Lambda
 * function or role-invoked target (Step Functions, an event bus in another region), and CloudWatch alarms
 * with SNS actions. Each route names its source (rule or alarm ARN), its
 * target and, for an encrypted topic, the topic's KMS key, so delivery can be simulated end to end.
 */
import type { FoundResource, ResolvedAssembly } from './resolved-assembly';

export type AlertRouteKind =
  | 'rule-to-topic'
  | 'rule-to-cross-account-topic'
  | 'alarm-to-topic'
  | 'rule-to-role-target'
  | 'rule-to-function';

export interface AlertRoute {
  /** Stage (environment) name, e.g. `Prod`. */
  readonly environment: string;
  readonly kind: AlertRouteKind;
  /** The rule or alarm. */
  readonly source: FoundResource;
  readonly sourceArn: string;
  /** Account of the rule or alarm. */
  readonly account: string;
  /** Topic, function, state machine or event bus ARN. */
  readonly targetArn: string;
  /** KMS key of the target topic, if it is encrypted with a customer managed key of the assembly. */
  readonly topicKeyArn?: string;
  /** Role EventBridge assumes to invoke the target. */
  readonly roleArn?: string;
  /** e.g. `Prod/Audit SecurityEventsGuardDutyFindings1D6CCA23 -> arn:...:sns:...`. */
  readonly name: string;
}

/** Alarm actions that are not SNS topics (Auto Scaling, EC2, Systems Manager) are not alert routes. */
const isTopicArn = (arn: string) => arn.split(':')[2] === 'sns';

export function findAlertRoutes(assembly: ResolvedAssembly): AlertRoute[] {
  const routes: AlertRoute[] = [];
  const base = (source: FoundResource) => ({
    environment: source.stack.displayName.split('/')[0],
    source,
    sourceArn: assembly.arn(source),
    account: source.stack.account,
  });
  const topicKey = (topicArn: string): string | undefined => {
    const topic = assembly.findByArn(topicArn, 'AWS::SNS::Topic');
    if (!topic) throw new Error(`alert route to ${topicArn}: the topic is not in the assembly`);
    const keyId = assembly.property(topic, 'KmsMasterKeyId');
    if (typeof keyId !== 'string') return undefined;
    const key = assembly.findByArn(keyId, 'AWS::KMS::Key');
    if (!key) throw new Error(`topic ${topicArn}: its key ${keyId} is not a key of the assembly`);
    return assembly.arn(key);
  };

  for (const rule of assembly.resources('AWS::Events::Rule')) {
    const targets = (assembly.property(rule, 'Targets') ?? []) as { Arn: string; RoleArn?: string }[];
    for (const target of targets) {
      const service = target.Arn.split(':')[2];
      const label = `${rule.stack.displayName} ${rule.logicalId} -> ${target.Arn}`;
      if (service === 'sns' && target.RoleArn && target.Arn.split(':')[4] !== rule.stack.account) {
        // EventBridge delivers to a topic of another account as the rule's execution role.
        routes.push({
          ...base(rule),
          kind: 'rule-to-cross-account-topic',
          targetArn: target.Arn,
          topicKeyArn: topicKey(target.Arn),
          roleArn: target.RoleArn,
          name: label,
        });
      } else if (service === 'sns') {
        routes.push({
          ...base(rule),
          kind: 'rule-to-topic',
          targetArn: target.Arn,
          topicKeyArn: topicKey(target.Arn),
          name: label,
        });
      } else if (service === 'lambda' && !target.RoleArn) {
        routes.push({ ...base(rule), kind: 'rule-to-function', targetArn: target.Arn, name: label });
      } else if (target.RoleArn) {
        routes.push({
          ...base(rule),
          kind: 'rule-to-role-target',
          targetArn: target.Arn,
          roleArn: target.RoleArn,
          name: label,
        });
      } else {
        throw new Error(`${label}: a target type this route finder does not know; add it`);
      }
    }
  }
  for (const alarm of assembly.resources('AWS::CloudWatch::Alarm')) {
    const actions = ['AlarmActions', 'OKActions', 'InsufficientDataActions'].flatMap(
      (p) => (assembly.property(alarm, p) ?? []) as string[],
    );
    for (const topicArn of new Set(actions.filter(isTopicArn))) {
      routes.push({
        ...base(alarm),
        kind: 'alarm-to-topic',
        targetArn: topicArn,
        topicKeyArn: topicKey(topicArn),
        name: `${alarm.stack.displayName} ${alarm.logicalId} -> ${topicArn}`,
      });
    }
  }
  return routes;
}

/** The action a role-invoked target is called with. */
export function targetAction(targetArn: string): string {
  const [, , service, , , resource] = targetArn.split(':');
  if (service === 'states') return 'states:StartExecution';
  if (service === 'events' && resource.startsWith('event-bus/')) return 'events:PutEvents';
  if (service === 'lambda') return 'lambda:InvokeFunction';
  throw new Error(`targetAction: no action known for ${targetArn}`);
}
