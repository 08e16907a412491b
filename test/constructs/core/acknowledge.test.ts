import { App, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { acknowledgeRule } from '../../../constructs/core/acknowledge';

const REASON = 'This bucket is the access-log target; logging it into itself loops';

/** A resource in a stack: the narrowest scope an acknowledgment may name. */
function resource(): CfnResource {
  return new CfnResource(new Stack(), 'Bucket', { type: 'AWS::S3::Bucket' });
}

function acknowledgedRules(scope: CfnResource): Record<string, string> | undefined {
  return scope.node.metadata.find((m) => m.type === 'aws:cdk:acknowledged-rules')?.data as
    Record<string, string> | undefined;
}

describe('acknowledgeRule', () => {
  test('records the rule id and the reason on the resource', () => {
    const bucket = resource();
    acknowledgeRule(bucket, 'AwsSolutions-S1', REASON);
    const data = acknowledgedRules(bucket)!;
    expect(Object.keys(data).some((k) => k.includes('AwsSolutions-S1'))).toBe(true);
    expect(Object.values(data)).toEqual([REASON]);
  });

  test('accepts a per-finding id', () => {
    const bucket = resource();
    acknowledgeRule(bucket, 'AwsSolutions-IAM5[Action::s3:*]', REASON);
    expect(
      Object.keys(acknowledgedRules(bucket)!).some((k) => k.includes('AwsSolutions-IAM5[Action::s3:*]')),
    ).toBe(true);
  });

  test.each([
    ['an App', () => new App()],
    ['a Stage', () => new Stage(new App(), 'Prod')],
    ['a Stack', () => new Stack()],
  ])('fails if the scope is %s (the rule would be silenced for everything below it)', (_, scope) => {
    expect(() => acknowledgeRule(scope(), 'AwsSolutions-S1', REASON)).toThrow(
      /would acknowledge the rule for every resource/,
    );
  });

  test.each(['', 'n/a', 'not needed', 'TODO', 'ok', 'false positive'])(
    'fails if the reason is vague: %p',
    (reason) => {
      expect(() => acknowledgeRule(resource(), 'AwsSolutions-S1', reason)).toThrow(/too vague/);
    },
  );

  test('fails if the rule id is not from a registered pack', () => {
    expect(() => acknowledgeRule(resource(), 'S1', REASON)).toThrow(/not a rule id of the registered packs/);
  });
});
