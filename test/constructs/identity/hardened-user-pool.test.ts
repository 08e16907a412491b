import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  HardenedUserPool,
  type HardenedUserPoolProps,
} from '../../../constructs/identity/hardened-user-pool';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';

const ENV = { account: '111111111111', region: 'eu-west-1' };

const base: HardenedUserPoolProps = {
  domainPrefix: 'acme-test',
  callbackUrls: ['https://app.example.com/callback'],
  logoutUrls: ['https://app.example.com/'],
  resourceServerIdentifier: 'test-api',
  scopes: [
    { name: 'read', description: 'read' },
    { name: 'write', description: 'write' },
  ],
  groups: [
    { name: 'operator', precedence: 10, description: 'operators' },
    { name: 'viewer', precedence: 20, description: 'viewers' },
  ],
  logRetentionDays: 365,
  webAclArn: 'arn:aws-test:wafv2:eu-west-1:111111111111:regional/webacl/test/abc',
};

function templateOf(props: Partial<HardenedUserPoolProps> = {}): Template {
  const stack = new Stack(undefined, undefined, { env: ENV });
  new HardenedUserPool(stack, 'Pool', { ...base, ...props });
  return Template.fromStack(stack);
}

describe('HardenedUserPool with defaults (PLUS, MFA required)', () => {
  let template: Template;
  beforeAll(() => {
    template = templateOf();
  });

  test('is on the PLUS plan with standard threat protection in full-function mode', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  test('blocks compromised credentials at sign-in, sign-up and password change', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      ClientId: 'ALL',
      CompromisedCredentialsRiskConfiguration: {
        Actions: { EventAction: 'BLOCK' },
        EventFilter: ['SIGN_IN', 'SIGN_UP', 'PASSWORD_CHANGE'],
      },
    });
  });

  test('adaptive authentication blocks high risk and requires MFA on medium risk', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      AccountTakeoverRiskConfiguration: {
        Actions: {
          HighAction: { EventAction: 'BLOCK' },
          MediumAction: { EventAction: 'MFA_REQUIRED' },
          LowAction: { EventAction: 'MFA_IF_CONFIGURED' },
        },
      },
    });
  });

  test('requires 14+ characters of every class, remembers 5 passwords, temporary passwords last 1 day', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          PasswordHistorySize: 5,
          TemporaryPasswordValidityDays: 1,
        },
      },
    });
  });

  test('requires MFA by TOTP only (no SMS)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  test('has no self sign-up by default', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  test('has deletion protection and is retained', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('signs in by email, case-insensitively, with verified email kept until a new one is verified', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  test('the SPA client is public and uses the authorization code grant only (no implicit grant)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  test('the SPA client requests explicit scopes and never aws.cognito.signin.user.admin', () => {
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0];
    const [server] = Object.keys(template.findResources('AWS::Cognito::UserPoolResourceServer'));
    const scope = (name: string) => ({ 'Fn::Join': ['', [{ Ref: server }, `/${name}`]] });
    // Exactly these: no aws.cognito.signin.user.admin, phone or other scope a token could carry.
    expect(client.Properties.AllowedOAuthScopes).toEqual([
      'openid',
      'email',
      'profile',
      scope('read'),
      scope('write'),
    ]);
  });

  test('tokens: 15-minute access and ID tokens, 8-hour sessions, rotation, revocation', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 480,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      EnableTokenRevocation: true,
      AuthSessionValidity: 3,
    });
  });

  test('does not reveal whether a user exists', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { PreventUserExistenceErrors: 'ENABLED' });
  });

  test('redirects only to the configured https URLs', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://app.example.com/callback'],
      LogoutURLs: ['https://app.example.com/'],
    });
  });

  test('RBAC groups exist with their precedence', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'operator', Precedence: 10 });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'viewer', Precedence: 20 });
  });

  test('the resource server defines the scopes', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'test-api',
      Scopes: [
        { ScopeName: 'read', ScopeDescription: 'read' },
        { ScopeName: 'write', ScopeDescription: 'write' },
      ],
    });
  });

  test('delivers user auth events and notification errors to its CloudWatch log group (ARN without :*)', () => {
    const delivery = Object.values(template.findResources('AWS::Cognito::LogDeliveryConfiguration'))[0];
    const configs = delivery.Properties.LogConfigurations;
    expect(configs.map((c: any) => [c.EventSource, c.LogLevel])).toEqual([
      ['userNotification', 'ERROR'],
      ['userAuthEvents', 'INFO'],
    ]);
    for (const c of configs) {
      const parts = c.CloudWatchLogsConfiguration.LogGroupArn['Fn::Join'][1];
      expect(parts[parts.length - 2]).toMatch(/:log-group:$/);
      expect(parts[parts.length - 1]).toEqual({ Ref: expect.stringMatching(/^PoolLogGroup/) });
    }
  });

  test('the auth-event log group has retention and is retained', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
  });

  test('is associated with the web ACL', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: {
        'Fn::GetAtt': [Object.keys(template.findResources('AWS::Cognito::UserPool'))[0], 'Arn'],
      },
      WebACLArn: base.webAclArn,
    });
  });

  test('uses managed login with a style for the client', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'acme-test',
      ManagedLoginVersion: 2,
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true });
  });

  test('has no cdk-nag finding in any pack', () => {
    const findings = nagFindingsOf((stack) => new HardenedUserPool(stack, 'Pool', base));
    expect(findings.map(formatFinding)).toEqual([]);
  });
});

describe('HardenedUserPool variants', () => {
  test('passkeys: WebAuthn first factor with user verification, counted as MFA, on the pool domain', () => {
    const template = templateOf({ passkeys: true });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      WebAuthnRelyingPartyID: 'acme-test.auth.eu-west-1.amazoncognito.com',
      WebAuthnUserVerification: 'required',
      WebAuthnFactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
      MfaConfiguration: 'ON',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH'],
    });
  });

  test('ESSENTIALS: no threat protection, no auth-event export, and the PLUS finding acknowledged with the reason', () => {
    const reason = 'Development pool with synthetic users only; production runs PLUS';
    const stack = new Stack(undefined, undefined, { env: ENV });
    new HardenedUserPool(stack, 'Pool', { ...base, featurePlan: 'ESSENTIALS', essentialsReason: reason });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });
    template.resourceCountIs('AWS::Cognito::UserPoolRiskConfigurationAttachment', 0);
    template.hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', {
      LogConfigurations: [Match.objectLike({ EventSource: 'userNotification' })],
    });
    const findings = nagFindingsOf(
      (s) =>
        new HardenedUserPool(s, 'Pool', { ...base, featurePlan: 'ESSENTIALS', essentialsReason: reason }),
    );
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('the gate can fail: an ESSENTIALS pool built without the construct is flagged (COG8)', () => {
    const findings = nagFindingsOf((stack) => {
      const pool = new HardenedUserPool(stack, 'Pool', base);
      // Undo the setting behind the construct's back.
      (pool.userPool.node.defaultChild as any).userPoolTier = 'ESSENTIALS';
    });
    expect(findings.map((f) => f.rule)).toContain('AwsSolutions-COG8');
  });

  test('OPTIONAL MFA acknowledges the MFA finding with the given reason', () => {
    const findings = nagFindingsOf(
      (stack) =>
        new HardenedUserPool(stack, 'Pool', {
          ...base,
          mfa: 'OPTIONAL',
          mfaOptionalReason: 'Adaptive authentication requires MFA on risky sign-ins',
        }),
    );
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('self sign-up can be enabled', () => {
    templateOf({ selfSignUpEnabled: true }).hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    });
  });

  test('without a web ACL there is no association', () => {
    templateOf({ webAclArn: undefined }).resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });
});

describe('HardenedUserPool validation', () => {
  const build = (props: Partial<HardenedUserPoolProps>) => () => templateOf(props);

  test('fails if the password is shorter than 8', () => {
    expect(build({ passwordMinLength: 6 })).toThrow(
      /'passwordMinLength' must be between 8 and 99. Received: 6/,
    );
  });

  test('fails if fewer than 5 passwords are remembered', () => {
    expect(build({ passwordHistorySize: 3 })).toThrow(
      /'passwordHistorySize' must be between 5 and 24. Received: 3/,
    );
  });

  test("fails if the access token is outside Cognito's 5 minutes to 1 day", () => {
    expect(build({ accessTokenValidity: Duration.minutes(2) })).toThrow(
      /'accessTokenValidity' must be between 5 minutes and 1 day. Received: 2 minutes/,
    );
    expect(build({ idTokenValidity: Duration.days(2) })).toThrow(/'idTokenValidity' must be between/);
  });

  test("fails if the refresh token is outside Cognito's 60 minutes to 10 years", () => {
    expect(build({ refreshTokenValidity: Duration.minutes(30) })).toThrow(
      /'refreshTokenValidity' must be between 1 hour and 3650 days/,
    );
  });

  test('fails if the access token outlives the refresh token', () => {
    expect(
      build({ accessTokenValidity: Duration.hours(2), refreshTokenValidity: Duration.hours(1) }),
    ).toThrow(/'accessTokenValidity' \(2 hours\) must not exceed 'refreshTokenValidity' \(1 hour\)/);
  });

  test('fails if a callback URL is http', () => {
    expect(build({ callbackUrls: ['http://app.example.com/callback'] })).toThrow(
      /'callbackUrls' must hold https:\/\/ URLs .* Received: http:\/\/app.example.com\/callback/,
    );
  });

  test('fails if a logout URL is a wildcard', () => {
    expect(build({ logoutUrls: ['https://*.example.com/'] })).toThrow(
      /'logoutUrls' must hold https:\/\/ URLs/,
    );
  });

  test('fails if MFA is optional without a reason', () => {
    expect(build({ mfa: 'OPTIONAL' })).toThrow(/'mfa: OPTIONAL' needs 'mfaOptionalReason'/);
  });

  test('fails if ESSENTIALS has no reason', () => {
    expect(build({ featurePlan: 'ESSENTIALS' })).toThrow(
      /'featurePlan: ESSENTIALS' needs 'essentialsReason'/,
    );
  });

  test('fails if the passkey relying-party ID would exceed 63 characters', () => {
    expect(build({ passkeys: true, domainPrefix: 'a-very-long-prefix-for-the-admin-login-page' })).toThrow(
      /passkeys need the domain .* longer than 63 characters/,
    );
  });
});
