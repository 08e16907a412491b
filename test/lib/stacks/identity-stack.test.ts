import { Match, type Template } from 'aws-cdk-lib/assertions';
import { exampleConfig } from '../../support/config';
import { foundationKeyArn, STAGES, stackTemplate } from '../../support/assembly';

const clients = (t: Template) => Object.values(t.findResources('AWS::Cognito::UserPoolClient'));
const pools = (t: Template) => Object.values(t.findResources('AWS::Cognito::UserPool'));

describe.each(STAGES)('%s/Identity', (stage) => {
  const template = stackTemplate(stage, 'Identity');
  const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod').identity;

  test('has two retained user pools with deletion protection', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 2);
    for (const p of pools(template)) {
      expect(p.DeletionPolicy).toBe('Retain');
      expect(p.Properties.DeletionProtection).toBe('ACTIVE');
    }
  });

  test('the admin pool requires MFA and has no self sign-up', () => {
    const admin = Object.entries(template.findResources('AWS::Cognito::UserPool')).find(([id]) =>
      id.startsWith('Admins'),
    )![1];
    expect(admin.Properties.MfaConfiguration).toBe('ON');
    expect(admin.Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(admin.Properties.UserPoolTier).toBe('PLUS');
  });

  test('no app client allows the implicit grant, client credentials or a secret', () => {
    expect(clients(template)).toHaveLength(2);
    for (const c of clients(template)) {
      expect(c.Properties.AllowedOAuthFlows).toEqual(['code']);
      expect(c.Properties.GenerateSecret).toBe(false);
      expect(c.Properties.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
      expect(c.Properties.ExplicitAuthFlows).not.toContain('ALLOW_CUSTOM_AUTH');
    }
  });

  test('token lifetimes are the configured ones and within Cognito limits, admins shorter', () => {
    const byPool = Object.fromEntries(
      Object.values(template.findResources('AWS::Cognito::UserPoolClient')).map((c) => [
        c.Properties.UserPoolId.Ref.startsWith('Admins') ? 'admins' : 'users',
        c.Properties,
      ]),
    );
    for (const pool of ['users', 'admins'] as const) {
      const p = byPool[pool];
      const t = config[pool].tokens;
      expect([p.AccessTokenValidity, p.IdTokenValidity, p.RefreshTokenValidity]).toEqual([
        t.accessTokenMinutes,
        t.idTokenMinutes,
        t.refreshTokenMinutes,
      ]);
      expect(p.TokenValidityUnits).toEqual({
        AccessToken: 'minutes',
        IdToken: 'minutes',
        RefreshToken: 'minutes',
      });
      for (const v of [p.AccessTokenValidity, p.IdTokenValidity]) {
        expect(v).toBeGreaterThanOrEqual(5);
        expect(v).toBeLessThanOrEqual(Math.min(1440, p.RefreshTokenValidity));
      }
      expect(p.RefreshTokenRotation.Feature).toBe('ENABLED');
      expect(p.EnableTokenRevocation).toBe(true);
      expect(p.PreventUserExistenceErrors).toBe('ENABLED');
    }
    expect(byPool.admins.AccessTokenValidity).toBeLessThanOrEqual(byPool.users.AccessTokenValidity);
    expect(byPool.admins.RefreshTokenValidity).toBeLessThanOrEqual(byPool.users.RefreshTokenValidity);
  });

  test('RBAC: admin only in the admin pool, operator and viewer in the user pool', () => {
    const groups = Object.entries(template.findResources('AWS::Cognito::UserPoolGroup')).map(([id, g]) => [
      id.startsWith('Admins') ? 'admins' : 'users',
      g.Properties.GroupName,
      g.Properties.Precedence,
    ]);
    expect(groups.sort()).toEqual([
      ['admins', 'admin', 0],
      ['users', 'operator', 10],
      ['users', 'viewer', 20],
    ]);
  });

  test('the admin scope exists only in the admin pool', () => {
    const servers = Object.entries(template.findResources('AWS::Cognito::UserPoolResourceServer'));
    // One resource server per pool.
    expect(servers.map(([id]) => (id.startsWith('Admins') ? 'admins' : 'users')).sort()).toEqual([
      'admins',
      'users',
    ]);
    for (const [id, s] of servers) {
      const names = s.Properties.Scopes.map((x: any) => x.ScopeName);
      expect(names).toEqual(id.startsWith('Admins') ? ['read', 'write', 'admin'] : ['read', 'write']);
      expect(s.Properties.Identifier).toBe(config.resourceServerIdentifier);
    }
  });

  const webAcl = () => Object.entries(template.findResources('AWS::WAFv2::WebACL'));

  test('both pools are associated with the one regional web ACL', () => {
    // GIVEN the Identity stack WHEN synthesized THEN one REGIONAL web ACL protects both pools
    expect(webAcl()).toHaveLength(1);
    const [aclId, acl] = webAcl()[0];
    expect(acl.Properties.Scope).toBe('REGIONAL');
    const associations = Object.values(template.findResources('AWS::WAFv2::WebACLAssociation'));
    expect(associations.map((a) => a.Properties.ResourceArn['Fn::GetAtt'][0].slice(0, 5)).sort()).toEqual([
      'Admin',
      'Users',
    ]);
    for (const a of associations) expect(a.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
  });

  test('a rate-based rule blocks an IP over identity.signInRateLimit requests per 5 minutes, on every path', () => {
    const rule = webAcl()[0][1].Properties.Rules.find((r: any) => r.Name === 'RateLimitSignIn');
    expect(rule.Statement.RateBasedStatement).toMatchObject({
      Limit: config.signInRateLimit,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    });
    expect(rule.Action.Block).toBeDefined();
    // Cognito's API calls all POST to / (X-Amz-Target names the operation): no path or header scope.
    expect(JSON.stringify(rule)).not.toMatch(/UriPath|SingleHeader/);
  });

  test('the AWS managed common rule set applies with its own actions', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
            }),
          },
          OverrideAction: { None: {} },
        }),
      ]),
    });
  });

  test('WAF logs go to the encrypted aws-waf-logs- group with Authorization and Cookie redacted', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `aws-waf-logs-security-baseline-${stage.toLowerCase()}-cognito`,
      KmsKeyId: foundationKeyArn(stage, 'Logs'),
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [webAcl()[0][0], 'Arn'] },
      RedactedFields: Match.arrayWith([
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'cookie' } },
      ]),
    });
  });

  test('the WAF log group (audit data) is retained and keeps its logical id', () => {
    const groups = template.findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-') },
    });
    expect(Object.keys(groups)).toEqual(['CognitoWebAclLogGroupEA75251D']);
    expect(groups.CognitoWebAclLogGroupEA75251D.DeletionPolicy).toBe('Retain');
  });

  test('both pools deliver their logs to CloudWatch', () => {
    template.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 2);
  });

  test('threat protection is on in every PLUS pool, with compromised credentials blocked', () => {
    const poolEntries = Object.entries(template.findResources('AWS::Cognito::UserPool'));
    const idOf = (prefix: string) => poolEntries.find(([id]) => id.startsWith(prefix))![0];
    // The PLUS pools are the ones the example config puts on PLUS (Dev: admins only; Prod: both).
    const expectedPlus = (['users', 'admins'] as const)
      .filter((pool) => config[pool].featurePlan === 'PLUS')
      .map((pool) => idOf(pool === 'users' ? 'Users' : 'Admins'))
      .sort();
    expect(expectedPlus.length).toBeGreaterThan(0);
    expect(
      poolEntries
        .filter(([, p]) => p.Properties.UserPoolTier === 'PLUS')
        .map(([id]) => id)
        .sort(),
    ).toEqual(expectedPlus);
    for (const id of expectedPlus) {
      expect(template.findResources('AWS::Cognito::UserPool')[id].Properties.UserPoolAddOns).toEqual({
        AdvancedSecurityMode: 'ENFORCED',
      });
    }
    const attachments = Object.values(
      template.findResources('AWS::Cognito::UserPoolRiskConfigurationAttachment'),
    );
    expect(
      attachments.map((a) => a.Properties.UserPoolId).sort((x, y) => x.Ref.localeCompare(y.Ref)),
    ).toEqual(expectedPlus.map((id) => ({ Ref: id })));
    for (const a of attachments) {
      expect(a.Properties.ClientId).toBe('ALL');
      // Sign-in, sign-up and password change with a known-leaked password are blocked (Cognito Developer
      // Guide, "Working with compromised-credentials detection").
      expect(a.Properties.CompromisedCredentialsRiskConfiguration).toEqual({
        Actions: { EventAction: 'BLOCK' },
        EventFilter: ['SIGN_IN', 'SIGN_UP', 'PASSWORD_CHANGE'],
      });
    }
  });
});

test('Prod: both pools are PLUS; Dev: the user pool is ESSENTIALS with the configured reason acknowledged', () => {
  expect(pools(stackTemplate('Prod', 'Identity')).map((p) => p.Properties.UserPoolTier)).toEqual([
    'PLUS',
    'PLUS',
  ]);
  const dev = Object.entries(stackTemplate('Dev', 'Identity').findResources('AWS::Cognito::UserPool'));
  const users = dev.find(([id]) => id.startsWith('Users'))![1];
  expect(users.Properties.UserPoolTier).toBe('ESSENTIALS');
  expect(users.Metadata.cdk_nag.rules_to_suppress).toEqual([
    { id: 'AwsSolutions-COG8', reason: exampleConfig('dev').identity.users.essentialsReason },
  ]);
});

test('Prod: the admin pool accepts passkeys counted as MFA', () => {
  const prod = Object.entries(stackTemplate('Prod', 'Identity').findResources('AWS::Cognito::UserPool'));
  const admins = prod.find(([id]) => id.startsWith('Admins'))![1];
  expect(admins.Properties.WebAuthnFactorConfiguration).toBe('MULTI_FACTOR_WITH_USER_VERIFICATION');
});
