import { ConfigError, loadConfigs, validateConfig } from '../../../lib/config/load';
import { exampleConfig, writeConfigDir } from '../../support/config';

/** The problems of one config, as `path: message` lines. */
function problems(c: Record<string, any>): string[] {
  return validateConfig(c).problems.map((p) => `${p.path}: ${p.message}`);
}

describe('identity config', () => {
  test('the shipped dev and prod identity sections are valid', () => {
    expect(problems(exampleConfig('dev'))).toEqual([]);
    expect(problems(exampleConfig('prod'))).toEqual([]);
  });

  test('fails if the password length is below the production minimum of 14, naming file and path', () => {
    // GIVEN a production config with 12-character passwords
    const c = exampleConfig('prod');
    c.identity.passwordPolicy.minLength = 12;
    // WHEN it is loaded
    let thrown: unknown;
    try {
      loadConfigs(writeConfigDir({ 'prod.yaml': c }));
    } catch (e) {
      thrown = e;
    }
    // THEN the problem names file, path, value and the fix
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([
      expect.stringMatching(
        /prod\.yaml: identity\.passwordPolicy\.minLength: 12 characters is below the production minimum of 14; set 14 or more/,
      ),
    ]);
  });

  test('fails if the password length is below the baseline minimum of 8 in any environment', () => {
    const c = exampleConfig('dev');
    c.identity.passwordPolicy.minLength = 6;
    expect(problems(c)).toEqual([
      expect.stringMatching(/^identity\.passwordPolicy\.minLength: 6 is below the baseline minimum of 8/),
    ]);
  });

  test('fails if fewer than 5 previous passwords are remembered', () => {
    const c = exampleConfig('dev');
    c.identity.passwordPolicy.historySize = 2;
    expect(problems(c)).toEqual([
      expect.stringMatching(/^identity\.passwordPolicy\.historySize: 2 is below the baseline minimum of 5/),
    ]);
  });

  test('fails if a callback URL is plain http', () => {
    const c = exampleConfig('prod');
    c.identity.users.callbackUrls = ['http://dashboard.example.com/auth/callback'];
    expect(problems(c)).toEqual([
      expect.stringMatching(
        /^identity\.users\.callbackUrls\[0\]: "http:\/\/dashboard\.example\.com\/auth\/callback" must be an https:\/\/ URL/,
      ),
    ]);
  });

  test('fails if a logout URL is plain http', () => {
    const c = exampleConfig('prod');
    c.identity.admins.logoutUrls = ['http://admin.example.com/'];
    expect(problems(c)[0]).toMatch(/^identity\.admins\.logoutUrls\[0\]: .* must be an https:\/\/ URL/);
  });

  test('fails if a callback URL has a fragment', () => {
    const c = exampleConfig('prod');
    c.identity.users.callbackUrls = ['https://dashboard.example.com/#/callback'];
    expect(problems(c)[0]).toMatch(/callbackUrls\[0\]: .* contains a fragment/);
  });

  test("fails if the access-token lifetime is below Cognito's 5 minutes", () => {
    const c = exampleConfig('dev');
    c.identity.users.tokens.accessTokenMinutes = 4;
    expect(problems(c)).toEqual([
      "identity.users.tokens.accessTokenMinutes: 4 minutes is below Cognito's minimum access-token validity of 5",
    ]);
  });

  test("fails if the ID-token lifetime is above Cognito's 1 day", () => {
    const c = exampleConfig('dev');
    c.identity.users.tokens.idTokenMinutes = 1441;
    expect(problems(c)).toEqual([
      "identity.users.tokens.idTokenMinutes: 1441 minutes is above Cognito's maximum ID-token validity of 1440",
    ]);
  });

  test("fails if the refresh-token lifetime is outside Cognito's 60 minutes to 10 years", () => {
    const short = exampleConfig('dev');
    short.identity.admins.tokens.refreshTokenMinutes = 30;
    expect(problems(short)[0]).toMatch(
      /^identity\.admins\.tokens\.refreshTokenMinutes: 30 minutes is below Cognito's minimum refresh-token validity of 60/,
    );
    const long = exampleConfig('dev');
    long.identity.admins.tokens.refreshTokenMinutes = 3650 * 24 * 60 + 1;
    expect(problems(long)[0]).toMatch(/refreshTokenMinutes: 5256001 minutes is above Cognito's maximum/);
  });

  test('fails if the access token outlives the refresh token', () => {
    const c = exampleConfig('dev');
    c.identity.users.tokens.accessTokenMinutes = 120;
    c.identity.users.tokens.refreshTokenMinutes = 60;
    expect(problems(c)).toEqual([
      expect.stringMatching(
        /^identity\.users\.tokens\.accessTokenMinutes: 120 minutes is longer than refreshTokenMinutes \(60\)/,
      ),
    ]);
  });

  test('fails if production user tokens exceed 60 minutes or the session exceeds 12 hours', () => {
    const c = exampleConfig('prod');
    c.identity.users.tokens.accessTokenMinutes = 90;
    c.identity.users.tokens.refreshTokenMinutes = 24 * 60;
    expect(problems(c)).toEqual([
      expect.stringMatching(
        /accessTokenMinutes: 90 minutes is above the production limit of 60 for the users pool/,
      ),
      expect.stringMatching(
        /refreshTokenMinutes: 1440 minutes is above the production limit of 720 \(12 hours\)/,
      ),
    ]);
  });

  test('fails if production admin tokens exceed 15 minutes', () => {
    const c = exampleConfig('prod');
    c.identity.admins.tokens.idTokenMinutes = 30;
    expect(problems(c)).toEqual([
      expect.stringMatching(
        /^identity\.admins\.tokens\.idTokenMinutes: 30 minutes is above the production limit of 15/,
      ),
    ]);
  });

  test('fails if production uses the ESSENTIALS feature plan', () => {
    const c = exampleConfig('prod');
    c.identity.users.featurePlan = 'ESSENTIALS';
    c.identity.users.essentialsReason = 'Synthetic users only, no customer data is stored in this pool';
    expect(problems(c)).toEqual([
      expect.stringMatching(/^identity\.users\.featurePlan: ESSENTIALS is not allowed in production/),
    ]);
  });

  test('fails if ESSENTIALS has no concrete reason', () => {
    const c = exampleConfig('dev');
    c.identity.users.essentialsReason = 'not needed';
    expect(problems(c)).toEqual([
      expect.stringMatching(/^identity\.users\.essentialsReason: ESSENTIALS needs a concrete reason/),
    ]);
    delete c.identity.users.essentialsReason;
    expect(problems(c)[0]).toMatch(/essentialsReason: ESSENTIALS needs a concrete reason .*\(got ""\)/);
  });

  test('fails if essentialsReason is given for a PLUS pool', () => {
    const c = exampleConfig('prod');
    c.identity.admins.essentialsReason = 'A reason that is long enough to pass the length check';
    expect(problems(c)).toEqual([
      'identity.admins.essentialsReason: is only used with featurePlan ESSENTIALS; remove it',
    ]);
  });

  test('fails if end-user MFA is OPTIONAL without PLUS threat protection', () => {
    const c = exampleConfig('dev');
    c.identity.users.mfa = 'OPTIONAL';
    expect(problems(c)).toEqual([
      expect.stringMatching(/^identity\.users\.mfa: OPTIONAL MFA needs featurePlan PLUS/),
    ]);
  });

  test('fails if the MFA setting is unknown', () => {
    const c = exampleConfig('dev');
    c.identity.users.mfa = 'OFF';
    expect(problems(c)[0]).toMatch(
      /^identity\.users\.mfa: "OFF" is not an MFA setting; use OPTIONAL or REQUIRED/,
    );
  });

  test('fails if the admin pool has a key the admin pool does not support (no MFA or sign-up switch)', () => {
    const c = exampleConfig('prod');
    c.identity.admins.mfa = 'OPTIONAL';
    expect(problems(c)[0]).toMatch(/^identity\.admins: unknown key 'mfa'/);
  });

  test('fails if a domain prefix contains a reserved word or both pools share one', () => {
    const reserved = exampleConfig('dev');
    reserved.identity.users.domainPrefix = 'my-cognito-login';
    expect(problems(reserved)[0]).toMatch(/domainPrefix: "my-cognito-login" contains a reserved word/);
    const shared = exampleConfig('dev');
    shared.identity.admins.domainPrefix = shared.identity.users.domainPrefix;
    expect(problems(shared)).toEqual([
      expect.stringMatching(
        /^identity\.admins\.domainPrefix: 'acme-dashboard-dev' is already the users pool's prefix/,
      ),
    ]);
  });

  test('fails if passkeys would need a relying-party ID longer than 63 characters', () => {
    // The relying-party ID is the managed-login domain <prefix>.auth.<region>.amazoncognito.com (prod: eu-west-1),
    // 33 characters besides the prefix: a 30-character prefix is the longest that fits in 63.
    const withPrefix = (prefix: string) => {
      const c = exampleConfig('prod');
      expect(c.identity.admins.passkeys).toBe(true);
      c.identity.admins.domainPrefix = prefix;
      return problems(c);
    };
    expect(withPrefix('acme-dashboard-administration-production')).toEqual([
      "identity.admins.domainPrefix: passkeys use 'acme-dashboard-administration-production.auth.eu-west-1.amazoncognito.com' (73 characters) as relying-party ID, above Cognito's limit of 63; shorten the prefix by 10 or more",
    ]);
    expect(withPrefix('acme-admin-console-production1')).toEqual([]);
    expect(withPrefix('acme-admin-console-production12')).toEqual([
      expect.stringMatching(/\(64 characters\) as relying-party ID, .*shorten the prefix by 1 or more/),
    ]);
  });

  test('fails if the sign-in rate limit is below the AWS WAF minimum', () => {
    const c = exampleConfig('dev');
    c.identity.signInRateLimit = 5;
    expect(problems(c)[0]).toMatch(
      /^identity\.signInRateLimit: 5 is below the AWS WAF minimum rate limit of 10/,
    );
  });

  test('fails if the IAM password policy is below CIS', () => {
    const c = exampleConfig('dev');
    c.identity.guardrails.iamPasswordPolicy.minLength = 12;
    expect(problems(c)[0]).toMatch(/iamPasswordPolicy\.minLength: 12 is below the CIS minimum of 14/);
  });

  test('fails if the break-glass MFA age exceeds one hour', () => {
    const c = exampleConfig('dev');
    c.identity.guardrails.breakGlassMfaMaxAgeSeconds = 7200;
    expect(problems(c)[0]).toMatch(/breakGlassMfaMaxAgeSeconds: 7200 seconds is above the limit of 3600/);
  });

  test('fails if no break-glass operator is named', () => {
    const c = exampleConfig('dev');
    c.identity.guardrails.breakGlassPrincipalArns = [];
    expect(problems(c)[0]).toMatch(/breakGlassPrincipalArns: name at least one operator/);
  });

  test('fails if a break-glass operator is not an IAM role or user ARN', () => {
    const c = exampleConfig('prod');
    // The account root is not a named operator.
    c.identity.guardrails.breakGlassPrincipalArns = [
      ['arn', 'aws', 'iam', '', '222222222222', 'root'].join(':'),
    ];
    expect(problems(c)[0]).toMatch(
      /breakGlassPrincipalArns\[0\]: "arn:aws:iam::222222222222:root" is not the ARN of an IAM role or user/,
    );
  });

  test('fails if the CI repository is not owner/name', () => {
    const c = exampleConfig('prod');
    c.identity.ciDeploy.repository = 'security-baseline';
    expect(problems(c)[0]).toMatch(
      /^identity\.ciDeploy\.repository: "security-baseline" is not a GitHub repository; use owner\/name/,
    );
  });

  test('fails if a CI branch is a wildcard', () => {
    const c = exampleConfig('dev');
    c.identity.ciDeploy.branches = ['release/*'];
    expect(problems(c)[0]).toMatch(
      /^identity\.ciDeploy\.branches\[0\]: "release\/\*" is not an exact branch name/,
    );
  });

  test('fails if CI deploy lists neither branches nor environments', () => {
    const c = exampleConfig('prod');
    c.identity.ciDeploy.environments = [];
    expect(problems(c)).toEqual([
      expect.stringMatching(/^identity\.ciDeploy: lists no branches and no environments/),
    ]);
  });

  test('accepts an existing GitHub OIDC provider in any partition', () => {
    const c = exampleConfig('prod');
    const partition = 'aws-us-gov';
    c.identity.ciDeploy.existingOidcProviderArn = `arn:${partition}:iam::222222222222:oidc-provider/token.actions.githubusercontent.com`;
    expect(problems(c)).toEqual([]);
  });

  test('fails if the existing OIDC provider ARN is not the GitHub provider', () => {
    const c = exampleConfig('prod');
    const partition = 'aws-us-gov';
    c.identity.ciDeploy.existingOidcProviderArn = `arn:${partition}:iam::222222222222:oidc-provider/gitlab.com`;
    expect(problems(c)[0]).toMatch(
      /existingOidcProviderArn: .* is not the ARN of a GitHub Actions OIDC provider/,
    );
  });
});
