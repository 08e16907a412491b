import { Stack } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { acknowledgeFrameworkResources } from '../../../lib/compliance/framework-resources';
import { formatFinding } from '../../../lib/compliance/findings';
import { nagFindingsOf } from '../../support/nag';

/** An AwsCustomResource as most code writes it: generated inline policy, default provider role. */
function plainCustomResource(stack: Stack): void {
  new cr.AwsCustomResource(stack, 'Cr', {
    onUpdate: {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: '/test/parameter' },
      physicalResourceId: cr.PhysicalResourceId.of('parameter'),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
      resources: [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: 'test/parameter' })],
    }),
    installLatestAwsSdk: false,
  });
}

describe('acknowledgeFrameworkResources: AwsCustomResourceProvider', () => {
  test('the gate can fail: without the helper the provider is flagged by every pack', () => {
    const rules = nagFindingsOf(plainCustomResource).map((f) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'NIST.800.53.R5-LambdaInsideVPC',
        'HIPAA.Security-LambdaDLQ',
        'PCI.DSS.321-LambdaInsideVPC',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ]),
    );
  });

  test('acknowledges the provider function, its default role and the generated inline policies', () => {
    const findings = nagFindingsOf((stack) => {
      plainCustomResource(stack);
      acknowledgeFrameworkResources(stack, 'AwsCustomResourceProvider');
    });
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('fails if the stack has no AwsCustomResource (the call would acknowledge nothing)', () => {
    expect(() => acknowledgeFrameworkResources(new Stack(), 'AwsCustomResourceProvider')).toThrow(
      /has no AwsCustomResource provider; create the AwsCustomResource before acknowledging/,
    );
  });
});
