/** Phase 2: Authentication & Authorization: the catalog entries AA1 ... of the requirements document. */
import { type CatalogEntry, m } from './types';
import { API, attackProofs, GUARD, IDN, PLUS_POOLS, POOL, tpl } from './rows';

export const AUTHENTICATION: readonly CatalogEntry[] = [
  {
    id: 'AA1',
    text: 'Implement strong password policies',
    kind: 'infrastructure',
    summary:
      'The Cognito user pool requires long passwords with all character classes and prevents reuse; configuration validation rejects weaker settings.',
    constructs: ['HardenedUserPool', 'IdentityStack'],
    evidence: [
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPool',
        propertyPath: 'Policies.PasswordPolicy',
        expected: m.objectLike({
          MinimumLength: m.atLeast(14),
          PasswordHistorySize: m.atLeast(5),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
        test: `${POOL} › HardenedUserPool with defaults (PLUS, MFA required) › requires 14+ characters of every class, remembers 5 passwords, temporary passwords last 1 day`,
        proves: 'Passwords have 14+ characters of every class and the last 5 cannot be reused',
      }),
    ],
    frameworks: { nist: ['IA-5(1)'], soc2: ['CC6.1'] },
    nagRules: ['AwsSolutions-COG1'],
  },
  {
    id: 'AA2',
    text: 'Add password breach checking (HaveIBeenPwned)',
    kind: 'infrastructure',
    summary:
      'Cognito threat protection (Plus feature plan) in full-function enforcement blocks sign-ups, sign-ins and password changes with credentials found in breach corpora. This replaces a HaveIBeenPwned call; an application that sets passwords outside Cognito must call the HIBP k-anonymity range API itself.',
    constructs: ['HardenedUserPool', 'IdentityStack'],
    evidence: [
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPoolRiskConfigurationAttachment',
        propertyPath: 'CompromisedCredentialsRiskConfiguration',
        expected: m.objectLike({
          Actions: { EventAction: 'BLOCK' },
          EventFilter: m.includesAll('SIGN_IN', 'SIGN_UP', 'PASSWORD_CHANGE'),
        }),
        test: `${POOL} › HardenedUserPool with defaults (PLUS, MFA required) › blocks compromised credentials at sign-in, sign-up and password change`,
        proves: 'Breached credentials are blocked at sign-in, sign-up and password change',
      }),
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPool',
        propertyPath: 'UserPoolAddOns.AdvancedSecurityMode',
        expected: 'ENFORCED',
        where: PLUS_POOLS,
        test: `${IDN} › %s/Identity › threat protection is on in every PLUS pool, with compromised credentials blocked`,
        proves: 'Threat protection runs in full-function mode on every PLUS pool',
      }),
    ],
    frameworks: { fsbp: ['Cognito.1'], nist: ['IA-5(1)'], soc2: ['CC6.1'] },
    nagRules: ['AwsSolutions-COG8'],
  },
  {
    id: 'AA3',
    text: 'Enforce MFA for admin accounts',
    kind: 'infrastructure',
    summary:
      'Administrators are members of the admin group of a user pool that requires MFA (TOTP); privileged IAM roles can only be assumed with MFA; root sign-in raises an alarm.',
    constructs: ['HardenedUserPool', 'IdentityStack'],
    evidence: [
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPool',
        propertyPath: 'MfaConfiguration',
        expected: 'ON',
        where: { propertyPath: 'AdminCreateUserConfig.AllowAdminCreateUserOnly', expected: true },
        quantifier: 'some',
        test: `${IDN} › %s/Identity › the admin pool requires MFA and has no self sign-up`,
        proves: 'The admin pool requires MFA',
      }),
      tpl({
        stack: 'Guardrails',
        resourceType: 'AWS::IAM::Role',
        propertyPath: 'AssumeRolePolicyDocument.Statement',
        expected: m.includes({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
        quantifier: 'some',
        test: `${GUARD} › %s/Guardrails › the break-glass role trust requires MFA no older than the configured age`,
        proves: 'The break-glass (administrator) role can only be assumed with MFA',
      }),
    ],
    frameworks: { cis: ['1.5', '1.10'], fsbp: ['IAM.9'], nist: ['IA-2(1)', 'IA-2(2)'], soc2: ['CC6.1'] },
    nagRules: ['AwsSolutions-COG2'],
  },
  {
    id: 'AA4',
    text: 'Implement session timeout handling',
    kind: 'infrastructure',
    summary:
      'Short-lived tokens: access and ID tokens expire after minutes, refresh tokens after hours, and the sign-in session after a few minutes; the application signs out on expiry.',
    constructs: ['HardenedUserPool'],
    evidence: [
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPoolClient',
        propertyPath: 'AccessTokenValidity',
        expected: m.atMost(60),
        test: `${IDN} › %s/Identity › token lifetimes are the configured ones and within Cognito limits, admins shorter`,
        proves: 'Access tokens expire within an hour (minutes)',
      }),
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPoolClient',
        propertyPath: 'AuthSessionValidity',
        expected: m.atMost(15),
        test: `${POOL} › HardenedUserPool with defaults (PLUS, MFA required) › tokens: 15-minute access and ID tokens, 8-hour sessions, rotation, revocation`,
        proves: 'Sign-in sessions expire within 15 minutes',
      }),
    ],
    frameworks: { nist: ['AC-12', 'SC-23'], soc2: ['CC6.1'] },
    nagRules: [],
  },
  {
    id: 'AA5',
    text: 'Add concurrent session limits',
    kind: 'application',
    summary:
      'Cognito has no per-user session cap, so the limit is enforced by the application (session registry keyed by user, oldest session revoked on a new sign-in).',
    constructs: ['HardenedUserPool'],
    evidence: [],
    application: {
      responsibility:
        'Keep a per-user session registry and revoke the oldest refresh token (RevokeToken / AdminUserGlobalSignOut) when the limit is exceeded.',
      mitigations: [
        'Token revocation enabled on the app client, so revoked refresh tokens stop working',
        'Short access-token lifetime bounds how long a revoked session keeps working',
        'Threat protection flags sign-ins from new devices and locations',
      ],
    },
    frameworks: { nist: ['AC-10'], soc2: ['CC6.1'] },
    nagRules: [],
  },
  {
    id: 'AA6',
    text: 'Review and strengthen JWT implementation',
    kind: 'infrastructure',
    summary:
      'JWTs are issued by Cognito (RS256, rotated signing keys) and verified by the API Gateway Cognito authorizer (signature, expiry, issuer, audience) before any backend runs; token revocation is on.',
    constructs: ['HardenedUserPool', 'SecureRestApi', 'ApiStack'],
    evidence: [
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPoolClient',
        propertyPath: 'EnableTokenRevocation',
        expected: true,
        test: `${POOL} › HardenedUserPool with defaults (PLUS, MFA required) › tokens: 15-minute access and ID tokens, 8-hour sessions, rotation, revocation`,
        proves: 'Refresh tokens can be revoked',
      }),
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPoolClient',
        propertyPath: 'RefreshTokenRotation.Feature',
        expected: 'ENABLED',
        test: `${POOL} › HardenedUserPool with defaults (PLUS, MFA required) › tokens: 15-minute access and ID tokens, 8-hour sessions, rotation, revocation`,
        proves: 'Refresh tokens rotate on use',
      }),
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPoolClient',
        propertyPath: 'PreventUserExistenceErrors',
        expected: 'ENABLED',
        test: `${POOL} › HardenedUserPool with defaults (PLUS, MFA required) › does not reveal whether a user exists`,
        proves: 'Sign-in errors do not reveal whether a user exists',
      }),
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::Authorizer',
        propertyPath: 'ProviderARNs',
        expected: m.every(m.refersTo('AWS::Cognito::UserPool')),
        test: `${API} › SecureRestApi (user pool, custom domain) › every method uses the user pool authorizer with its scopes`,
        proves: 'API Gateway verifies the user-pool JWT before the backend runs',
      }),
    ],
    frameworks: { nist: ['IA-5', 'SC-23', 'IA-8'], soc2: ['CC6.1'] },
    nagRules: ['AwsSolutions-COG4'],
  },
  {
    id: 'AA7',
    text: 'Implement proper RBAC enforcement',
    kind: 'infrastructure',
    summary:
      'Application roles are Cognito groups carried in the token; AWS roles get permissions only from customer-managed policies under a permissions boundary. Per-route checks of the group claim are the application’s part.',
    constructs: ['ManagedPolicyRole', 'WorkloadPermissionsBoundary', 'HardenedUserPool'],
    evidence: [
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPoolGroup',
        propertyPath: 'GroupName',
        expected: m.oneOf('admin', 'operator', 'viewer'),
        test: `${IDN} › %s/Identity › RBAC: admin only in the admin pool, operator and viewer in the user pool`,
        proves: 'Application roles are user-pool groups carried in the token',
      }),
      tpl({
        stack: 'Guardrails',
        resourceType: 'AWS::IAM::Role',
        propertyPath: 'PermissionsBoundary',
        expected: m.regex('workload-boundary$'),
        test: 'test/constructs/iam/workload-permissions-boundary.test.ts › WorkloadPermissionsBoundary › denies creating roles or users that do not carry this boundary',
        proves: 'Roles carry the workload permissions boundary',
      }),
      attackProofs(
        'AA7',
        'The permissions boundary, trust policies and resource policies stop privilege escalation, confused deputies and other accounts, while each legitimate path is allowed (attack catalog, simulated)',
      ),
    ],
    frameworks: { fsbp: ['IAM.1'], nist: ['AC-2', 'AC-3', 'AC-6'], soc2: ['CC6.3'] },
    nagRules: [
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess',
    ],
  },
  {
    id: 'AA8',
    text: 'Add account lockout after failed attempts',
    kind: 'infrastructure',
    summary:
      'Cognito locks a user out after repeated failed sign-ins (built in, exponential back-off) and threat protection blocks high-risk sign-ins; the WAF sign-in rate rule limits attempts per IP.',
    constructs: ['HardenedUserPool', 'WebAcl'],
    evidence: [
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::Cognito::UserPoolRiskConfigurationAttachment',
        propertyPath: 'AccountTakeoverRiskConfiguration.Actions.HighAction.EventAction',
        expected: 'BLOCK',
        test: `${POOL} › HardenedUserPool with defaults (PLUS, MFA required) › adaptive authentication blocks high risk and requires MFA on medium risk`,
        proves: 'High-risk sign-ins are blocked (adaptive authentication)',
      }),
      tpl({
        stack: 'Identity',
        resourceType: 'AWS::WAFv2::WebACLAssociation',
        propertyPath: 'WebACLArn',
        expected: m.refersTo('AWS::WAFv2::WebACL'),
        test: `${IDN} › %s/Identity › a rate-based rule blocks an IP over identity.signInRateLimit requests per 5 minutes, on every path`,
        proves: 'Sign-in attempts per IP are rate-limited by WAF',
      }),
    ],
    frameworks: { fsbp: ['Cognito.1'], nist: ['AC-7'], soc2: ['CC6.1'] },
    nagRules: ['AwsSolutions-COG8'],
  },
];
