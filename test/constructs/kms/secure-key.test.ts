import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SecureKey } from '../../../constructs/kms/secure-key';

function keyStack(build: (stack: Stack) => void): Template {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-central-1' } });
  build(stack);
  return Template.fromStack(stack);
}

describe('SecureKey', () => {
  const template = keyStack(
    (stack) => new SecureKey(stack, 'Key', { description: 'test', alias: 'alias/t/k' }),
  );

  test('rotates yearly', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365 });
  });

  test('waits 30 days before a scheduled deletion completes', () => {
    template.hasResourceProperties('AWS::KMS::Key', { PendingWindowInDays: 30 });
  });

  test('is retained when removed from the stack', () => {
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('gets its alias', () => {
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/t/k' });
  });

  test('allowUseThroughServices binds one service to this account and region', () => {
    keyStack((stack) =>
      new SecureKey(stack, 'Key', { description: 'test' }).allowUseThroughServices('ViaBackup', ['backup']),
    ).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ViaBackup',
            Principal: {
              AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] },
            },
            Condition: {
              StringEquals: {
                'kms:ViaService': 'backup.eu-central-1.amazonaws.com',
                'kms:CallerAccount': '111111111111',
              },
            },
          }),
        ]),
      },
    });
  });

  test('allowUseThroughServices with several services accepts any of them', () => {
    keyStack((stack) =>
      new SecureKey(stack, 'Key', { description: 'test' }).allowUseThroughServices('Via', ['backup', 'rds']),
    ).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'Via',
            Condition: {
              StringEquals: { 'kms:CallerAccount': '111111111111' },
              'ForAnyValue:StringEquals': {
                'kms:ViaService': ['backup.eu-central-1.amazonaws.com', 'rds.eu-central-1.amazonaws.com'],
              },
            },
          }),
        ]),
      },
    });
  });

  test.each([6, 31])('fails if the deletion window is %d days', (days) => {
    expect(() =>
      keyStack((stack) => new SecureKey(stack, 'Key', { description: 't', pendingWindowDays: days })),
    ).toThrow(`'pendingWindowDays' must be between 7 and 30 days. Received: ${days}`);
  });
});
