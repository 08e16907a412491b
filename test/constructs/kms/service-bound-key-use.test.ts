import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { allowUseThroughServices } from '../../../constructs/kms/service-bound-key-use';
import { ALLOW_ALL, stackSimulator } from '../../support/simulator';

const PARTITION = 'aws';
const ACCOUNT = '111111111111';
const REGION = 'eu-central-1';

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

// The key policy as KMS evaluates it. The fixture key keeps the CDK default statement (account root `kms:*`),
// so a principal with every IAM permission could use the key directly: only the helper's Deny statements stop
// it. The request context KMS receives: kms:CallerAccount always, kms:ViaService only when an integrated AWS
// service calls KMS on the principal's behalf, kms:GrantIsForAWSResource on CreateGrant by such a service
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).
describe('allowUseThroughServices, as KMS evaluates the key policy', () => {
  const simulatorFor = (services: string[]) => {
    const sim = stackSimulator(keyPolicyWith(services), { account: ACCOUNT, region: REGION });
    const [key] = sim.assembly.resources('AWS::KMS::Key');
    return (action: string, context: Record<string, string>) =>
      sim.simulate(
        {
          principal: `arn:${PARTITION}:iam::${ACCOUNT}:role/admin`,
          action,
          resource: sim.assembly.arn(key),
          context: { 'kms:CallerAccount': ACCOUNT, ...context },
        },
        { identityPolicies: ALLOW_ALL },
      );
  };
  const via = (service: string, region = REGION) => ({
    'kms:ViaService': `${service}.${region}.amazonaws.com`,
  });

  describe('one service (backup)', () => {
    const request = simulatorFor(['backup']);

    test('decrypting through the service in the key region is allowed', async () => {
      expect((await request('kms:Decrypt', via('backup'))).decision).toBe('Allowed');
    });

    test('decrypting directly (no kms:ViaService) is denied explicitly, whatever IAM allows', async () => {
      const outcome = await request('kms:Decrypt', {});
      expect([outcome.decision, outcome.sid]).toEqual(['ExplicitlyDenied', 'DenyUseOutsideItsServices']);
    });

    test('encrypting through another service, or through the service in another region, is denied explicitly', async () => {
      for (const context of [via('s3'), via('backup', 'eu-west-1')]) {
        const outcome = await request('kms:GenerateDataKey', context);
        expect([outcome.decision, outcome.sid]).toEqual(['ExplicitlyDenied', 'DenyUseOutsideItsServices']);
      }
    });

    test('a grant through the service is allowed only for an AWS resource', async () => {
      const forResource = await request('kms:CreateGrant', {
        ...via('backup'),
        'kms:GrantIsForAWSResource': 'true',
      });
      expect(forResource.decision).toBe('Allowed');
      const forItself = await request('kms:CreateGrant', via('backup'));
      expect([forItself.decision, forItself.sid]).toEqual([
        'ExplicitlyDenied',
        'DenyGrantsExceptForAwsResources',
      ]);
    });
  });

  describe('several services (backup, rds)', () => {
    const request = simulatorFor(['backup', 'rds']);

    test('decrypting through either service is allowed', async () => {
      expect((await request('kms:Decrypt', via('backup'))).decision).toBe('Allowed');
      expect((await request('kms:Decrypt', via('rds'))).decision).toBe('Allowed');
    });

    test('decrypting directly or through a service not listed is denied explicitly', async () => {
      for (const context of [{}, via('s3')]) {
        const outcome = await request('kms:Decrypt', context);
        expect([outcome.decision, outcome.sid]).toEqual(['ExplicitlyDenied', 'DenyUseOutsideItsServices']);
      }
    });
  });
});
