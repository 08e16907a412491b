import { Match } from 'aws-cdk-lib/assertions';
import { STAGES, stackTemplate, testSimulator } from '../../support/assembly';
import { onlyKeyArn, resourcesOf } from '../../support/resources';

describe.each(STAGES)('%s edge and API stacks', (stage) => {
  test('EdgeGlobal holds the CLOUDFRONT web ACL with a rate-based rule and its aws-waf-logs- group', () => {
    const t = stackTemplate(stage, 'EdgeGlobal');
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([Match.objectLike({ Name: 'RateLimitPerIp' })]),
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `aws-waf-logs-${stage.toLowerCase()}-site`,
      KmsKeyId: onlyKeyArn(t),
    });
  });

  test('EdgeGlobal has its own rotating, retained logs key that CloudWatch Logs of us-east-1 may use', () => {
    const t = stackTemplate(stage, 'EdgeGlobal');
    t.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'CloudWatchLogsEncryptLogGroupsOfThisAccount',
              Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            }),
          ]),
        }),
      }),
    });
  });

  test('the site distribution uses the CLOUDFRONT web ACL from us-east-1 (cross-region reference)', () => {
    stackTemplate(stage, 'Site').hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: {
          'Fn::GetStackOutput': Match.objectLike({ Region: 'us-east-1', StackName: `${stage}-EdgeGlobal` }),
        },
      }),
    });
  });

  test('SiteGlobal delivers the access logs (standard logging v2) to an encrypted log group', () => {
    const t = stackTemplate(stage, 'SiteGlobal');
    t.hasResourceProperties('AWS::Logs::DeliverySource', { LogType: 'ACCESS_LOGS' });
    t.hasResourceProperties('AWS::Logs::DeliveryDestination', { OutputFormat: 'json' });
    t.resourceCountIs('AWS::Logs::Delivery', 1);
    t.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/vendedlogs/cloudfront/${stage.toLowerCase()}-site`,
      // EdgeGlobal's logs key (us-east-1), through the output EdgeGlobal publishes for exactly that key.
      KmsKeyId: {
        'Fn::GetStackOutput': {
          StackName: `${stage}-EdgeGlobal`,
          Region: 'us-east-1',
          OutputName: Object.entries(stackTemplate(stage, 'EdgeGlobal').toJSON().Outputs).find(
            ([, o]: [string, any]) =>
              JSON.stringify(o.Value) === JSON.stringify(onlyKeyArn(stackTemplate(stage, 'EdgeGlobal'))),
          )![0],
        },
      },
    });
  });

  test('the API stage is associated with a REGIONAL web ACL', () => {
    const t = stackTemplate(stage, 'Api');
    t.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  test('every API method except CORS preflight is authorized, validated and needs an API key', () => {
    const methods = Object.values(
      stackTemplate(stage, 'Api').findResources('AWS::ApiGateway::Method'),
    ).filter((m) => m.Properties.HttpMethod !== 'OPTIONS');
    expect(methods.length).toBe(3);
    for (const m of methods) {
      expect(['AWS_IAM', 'COGNITO_USER_POOLS']).toContain(m.Properties.AuthorizationType);
      expect(m.Properties.RequestValidatorId).toBeDefined();
      expect(m.Properties.ApiKeyRequired).toBe(true);
    }
  });

  test('abuse alarms notify the security topic: WAF spike, rate-rule matches, 4xx, 5xx, per-client throttling', () => {
    const alarms = Object.values(stackTemplate(stage, 'Api').findResources('AWS::CloudWatch::Alarm'));
    const metrics = alarms.map((a) => a.Properties.MetricName ?? 'math');
    expect(metrics).toEqual(
      expect.arrayContaining(['BlockedRequests', 'math', '4XXError', '5XXError', 'ThrottledRequests']),
    );
    // Each Api alarm notifies the environment's security topic (Foundation, resolved through its export) ...
    const a = testSimulator().assembly;
    const topic = a.resources('AWS::SNS::Topic', (s) => s.displayName === `${stage}/Foundation`);
    expect(topic).toHaveLength(1);
    const apiAlarms = a.resources('AWS::CloudWatch::Alarm', (s) => s.displayName === `${stage}/Api`);
    expect(apiAlarms).toHaveLength(alarms.length);
    for (const alarm of apiAlarms) {
      expect([alarm.logicalId, a.property(alarm, 'AlarmActions')]).toEqual([
        alarm.logicalId,
        [a.ref(topic[0])],
      ]);
    }
    // ... and each EdgeGlobal alarm (us-east-1, where CloudFront metrics are) the security topic of that stack.
    const edgeTemplate = stackTemplate(stage, 'EdgeGlobal');
    const edgeTopics = Object.keys(edgeTemplate.findResources('AWS::SNS::Topic'));
    expect(edgeTopics).toHaveLength(1);
    const edge = Object.values(edgeTemplate.findResources('AWS::CloudWatch::Alarm'));
    expect(edge.length).toBe(2);
    for (const alarm of edge) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: edgeTopics[0] }]);
  });

  test('no template contains an API key value: keys are Secrets Manager references', () => {
    for (const key of resourcesOf(stackTemplate(stage, 'Api'), 'AWS::ApiGateway::ApiKey')) {
      expect(JSON.stringify(key.Properties.Value)).toContain('{{resolve:secretsmanager:');
    }
  });
});

describe('Prod edge', () => {
  test('Shield Advanced protects the distribution with automatic mitigation, health check, group, SRT and proactive engagement', () => {
    const t = stackTemplate('Prod', 'SiteGlobal');
    t.hasResourceProperties('AWS::Shield::Protection', {
      ApplicationLayerAutomaticResponseConfiguration: { Action: { Block: {} }, Status: 'ENABLED' },
      HealthCheckArns: [Match.anyValue()],
    });
    t.resourceCountIs('AWS::Shield::ProtectionGroup', 1);
    t.resourceCountIs('AWS::Shield::DRTAccess', 1);
    t.resourceCountIs('AWS::Shield::ProactiveEngagement', 1);
  });

  test('the site uses the custom certificate with TLSv1.2_2021 and the API domain the TLS 1.2 policy', () => {
    stackTemplate('Prod', 'Site').hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
    stackTemplate('Prod', 'Api').hasResourceProperties('AWS::ApiGateway::DomainName', {
      SecurityPolicy: 'TLS_1_2',
    });
  });

  test('Bot Control is on in prod', () => {
    stackTemplate('Prod', 'EdgeGlobal').hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([Match.objectLike({ Name: 'AWSManagedRulesBotControlRuleSet' })]),
    });
  });
});

describe('Dev edge', () => {
  test('no Shield Advanced resources (Shield Standard only)', () => {
    const types = Object.values(
      stackTemplate('Dev', 'SiteGlobal').toJSON().Resources as Record<string, { Type: string }>,
    ).map((r) => r.Type);
    expect(types.filter((t) => t.startsWith('AWS::Shield::'))).toEqual([]);
  });

  test('Bot Control is off in dev (it is a paid rule group)', () => {
    const acl = Object.values(stackTemplate('Dev', 'EdgeGlobal').findResources('AWS::WAFv2::WebACL'))[0];
    expect(acl.Properties.Rules.map((r: any) => r.Name)).not.toContain('AWSManagedRulesBotControlRuleSet');
  });
});
