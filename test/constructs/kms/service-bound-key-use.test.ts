import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { allowUseThroughServices } from '../../../constructs/kms/service-bound-key-use';

function keyPolicyWith(services: string[]): Template {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-central-1' } });
  allowUseThroughServices(new kms.Key(stack, 'Key'), 'Via', services);
  return Template.fromStack(stack);
}

describe('allowUseThroughServices', () => {
  test('binds one service to this account and the key region', () => {
    keyPolicyWith(['backup']).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'Via',
            Effect: 'Allow',
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

  test('with several services accepts any of them, still for this account only', () => {
    keyPolicyWith(['backup', 'rds']).hasResourceProperties('AWS::KMS::Key', {
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

  test('fails if no service is named', () => {
    expect(() => keyPolicyWith([])).toThrow("allowUseThroughServices: 'Via' names no service");
  });
});
