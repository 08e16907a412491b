import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ManagedPolicyRole } from '../../../constructs/iam/managed-policy-role';
import { acknowledgeFrameworkResources } from '../../../lib/compliance/framework-resources';
import { nagFindingsOf } from '../../support/nag';

function customResource(stack: Stack): void {
  const role = new ManagedPolicyRole(stack, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  new cr.AwsCustomResource(stack, 'Call', {
    onCreate: {
      service: 'STS',
      action: 'getCallerIdentity',
      physicalResourceId: cr.PhysicalResourceId.of('x'),
    },
    role,
    installLatestAwsSdk: false,
  });
}

describe('acknowledgeFrameworkResources', () => {
  test('fails if the stack has no such framework resource (a stale call cannot hide)', () => {
    expect(() =>
      acknowledgeFrameworkResources(new Stack(new App(), 'S'), 'awsCustomResourceProvider'),
    ).toThrow(
      /S has no 'awsCustomResourceProvider' resource; call it after creating the construct that generates it/,
    );
  });

  test('the AwsCustomResource provider has findings without it, and none with it', () => {
    const provider = (f: { path: string }) => f.path.includes('/AWS679f53fac002430cb0da5b7982bd2287/');
    const without = nagFindingsOf(customResource).filter(provider);
    expect(without.map((f) => f.rule)).toEqual(
      expect.arrayContaining([
        'NIST.800.53.R5-LambdaInsideVPC',
        'HIPAA.Security-LambdaDLQ',
        'PCI.DSS.321-LambdaInsideVPC',
      ]),
    );
    const withIt = nagFindingsOf((stack) => {
      customResource(stack);
      acknowledgeFrameworkResources(stack, 'awsCustomResourceProvider');
      acknowledgeFrameworkResources(stack, 'awsCustomResourceProvider'); // idempotent
    }).filter(provider);
    expect(withIt).toEqual([]);
  });
});
