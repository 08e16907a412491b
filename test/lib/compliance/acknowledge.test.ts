import { Stack } from 'aws-cdk-lib';
import { acknowledgeRule } from '../../../lib/compliance/acknowledge';

describe('acknowledgeRule', () => {
  test('records the rule and reason on the construct', () => {
    const stack = new Stack();
    acknowledgeRule(
      stack,
      'AwsSolutions-S1',
      'This bucket is the access-log target; logging it into itself loops',
    );
    const data = stack.node.metadata.find((m) => m.type === 'aws:cdk:acknowledged-rules')?.data as Record<
      string,
      string
    >;
    expect(Object.values(data)).toEqual([
      'This bucket is the access-log target; logging it into itself loops',
    ]);
  });

  test('accepts a per-finding id', () => {
    expect(() =>
      acknowledgeRule(
        new Stack(),
        'AwsSolutions-IAM5[Action::s3:*]',
        'Replication role needs every s3 action on one bucket',
      ),
    ).not.toThrow();
  });

  test.each(['', 'n/a', 'not needed', 'TODO', 'ok', 'false positive'])(
    'fails if the reason is vague: %p',
    (reason) => {
      expect(() => acknowledgeRule(new Stack(), 'AwsSolutions-S1', reason)).toThrow(/too vague/);
    },
  );

  test('fails if the rule id is not from a registered pack', () => {
    expect(() =>
      acknowledgeRule(new Stack(), 'S1', 'A reason that is long enough to pass the length check'),
    ).toThrow(/not a rule id of the registered packs/);
  });
});
