import { z } from 'zod';
import type { Problem, Rule } from '../problem';
import { httpsUrl, regionName } from './common';

/**
 * Identity and access: the two Cognito user pools of the dashboard (end users and admins), the
 * regional web ACL in front of them, the IAM account guardrails and the CI deploy identity.
 */

/** Cognito's own ranges for app-client token lifetimes, in minutes. */
export const COGNITO_TOKEN_RANGES = {
  accessOrId: { min: 5, max: 24 * 60 },
  refresh: { min: 60, max: 3650 * 24 * 60 },
} as const;

/** Production ceilings on token lifetimes (minutes), per pool. */
export const PRODUCTION_TOKEN_LIMITS = {
  users: { accessOrId: 60, refresh: 12 * 60 },
  admins: { accessOrId: 15, refresh: 4 * 60 },
} as const;

/** Production minimum length of Cognito passwords (NIST 800-63B allows 8; this baseline requires 14). */
export const PRODUCTION_MIN_PASSWORD_LENGTH = 14;

const minutes = (min: number, max: number, what: string) =>
  z
    .number()
    .int()
    .min(min, {
      error: (iss) => `${String(iss.input)} minutes is below Cognito's minimum ${what} validity of ${min}`,
    })
    .max(max, {
      error: (iss) => `${String(iss.input)} minutes is above Cognito's maximum ${what} validity of ${max}`,
    });

const tokensSchema = z
  .strictObject({
    accessTokenMinutes: minutes(
      COGNITO_TOKEN_RANGES.accessOrId.min,
      COGNITO_TOKEN_RANGES.accessOrId.max,
      'access-token',
    ).describe('Access-token lifetime (5-1440 minutes): how long a stolen token stays usable.'),
    idTokenMinutes: minutes(
      COGNITO_TOKEN_RANGES.accessOrId.min,
      COGNITO_TOKEN_RANGES.accessOrId.max,
      'ID-token',
    ).describe('ID-token lifetime (5-1440 minutes).'),
    refreshTokenMinutes: minutes(
      COGNITO_TOKEN_RANGES.refresh.min,
      COGNITO_TOKEN_RANGES.refresh.max,
      'refresh-token',
    ).describe(
      'Refresh-token lifetime = the longest session without signing in again (60 minutes to 10 years).',
    ),
  })
  .describe('Token lifetimes of the pool’s app client.');

/** Cognito prefix domains: lowercase letters, digits, hyphens; may not contain aws, amazon or cognito. */
const domainPrefix = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not a Cognito domain prefix; use 1-63 lowercase letters, digits and hyphens, e.g. acme-dashboard-prod`,
  })
  .refine((p) => !/aws|amazon|cognito/.test(p), {
    error: (iss) =>
      `${JSON.stringify(iss.input)} contains a reserved word (aws, amazon, cognito); Cognito rejects such prefixes`,
  });

const redirectUrl = httpsUrl.refine((u) => !u.includes('#'), {
  error: (iss) =>
    `${JSON.stringify(iss.input)} contains a fragment (#); OAuth redirect URLs may not have one`,
});

const featurePlan = z
  .enum(['PLUS', 'ESSENTIALS'], {
    error: (iss) => `${JSON.stringify(iss.input)} is not a feature plan; use PLUS or ESSENTIALS`,
  })
  .default('PLUS');

const poolFields = {
  featurePlan: featurePlan.describe(
    'Cognito feature plan. PLUS enables threat protection (compromised credentials, adaptive authentication, auth-event logs). ESSENTIALS only outside production, with essentialsReason.',
  ),
  essentialsReason: z
    .string()
    .optional()
    .describe(
      'Required when featurePlan is ESSENTIALS: why threat protection is not needed here (recorded as the acknowledgment of the PLUS-tier finding).',
    ),
  domainPrefix: domainPrefix.describe(
    'Prefix of the Cognito managed-login domain (<prefix>.auth.<region>.amazoncognito.com); unique per region.',
  ),
  callbackUrls: z
    .array(redirectUrl)
    .min(1, { error: 'list at least one https:// callback URL of the single-page app' })
    .describe('Where Cognito may send the authorization code (https only, exact match, no wildcards).'),
  logoutUrls: z
    .array(redirectUrl)
    .min(1, { error: 'list at least one https:// logout URL of the single-page app' })
    .describe('Where Cognito may redirect after sign-out (https only).'),
  tokens: tokensSchema,
};

export const identitySchema = z
  .strictObject({
    passwordPolicy: z
      .strictObject({
        minLength: z
          .number()
          .int()
          .min(8, { error: (iss) => `${String(iss.input)} is below the baseline minimum of 8 characters` })
          .max(99, { error: (iss) => `${String(iss.input)} is above Cognito's maximum of 99 characters` })
          .describe('Minimum password length of both pools (production requires >= 14).'),
        historySize: z
          .number()
          .int()
          .min(5, {
            error: (iss) => `${String(iss.input)} is below the baseline minimum of 5 remembered passwords`,
          })
          .max(24, { error: (iss) => `${String(iss.input)} is above Cognito's maximum of 24` })
          .describe('Previous passwords a user may not reuse (5-24).'),
      })
      .describe(
        'Cognito password policy of both pools; every character class is always required and temporary passwords expire after 1 day.',
      ),
    resourceServerIdentifier: z
      .string()
      .regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/, {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is not a resource-server identifier; use printable characters without spaces, quotes or backslashes, e.g. dashboard-api`,
      })
      .default('dashboard-api')
      .describe('Identifier of the dashboard API in both pools; scopes are <identifier>/read|write|admin.'),
    signInRateLimit: z
      .number()
      .int()
      .min(10, { error: (iss) => `${String(iss.input)} is below the AWS WAF minimum rate limit of 10` })
      .max(2_000_000_000)
      .default(100)
      .describe(
        'Requests to the user pools (every Cognito API call and managed-login page) per client IP per 5 minutes the Cognito web ACL allows before blocking (429).',
      ),
    users: z
      .strictObject({
        ...poolFields,
        mfa: z
          .enum(['OPTIONAL', 'REQUIRED'], {
            error: (iss) => `${JSON.stringify(iss.input)} is not an MFA setting; use OPTIONAL or REQUIRED`,
          })
          .describe(
            'MFA of end users (TOTP). OPTIONAL needs featurePlan PLUS: adaptive authentication then requires MFA on risky sign-ins.',
          ),
        selfSignUp: z.boolean().default(false).describe('Whether end users may create their own accounts.'),
      })
      .describe('End-user pool of the dashboard.'),
    admins: z
      .strictObject({
        ...poolFields,
        passkeys: z
          .boolean()
          .default(false)
          .describe(
            'Allow passkeys (WebAuthn with user verification, counted as MFA) besides password + TOTP.',
          ),
      })
      .describe('Admin pool: no self sign-up, MFA always required, shorter tokens.'),
    guardrails: z
      .strictObject({
        iamPasswordPolicy: z
          .strictObject({
            minLength: z
              .number()
              .int()
              .min(14, {
                error: (iss) => `${String(iss.input)} is below the CIS minimum of 14 characters`,
              })
              .max(128)
              .default(14)
              .describe('Minimum IAM user password length (CIS: >= 14).'),
            maxAgeDays: z
              .number()
              .int()
              .min(1)
              .max(1095, { error: (iss) => `${String(iss.input)} is above IAM's maximum of 1095 days` })
              .describe('Days before an IAM user password expires.'),
          })
          .describe('IAM account password policy (reuse prevention is always 24).'),
        unusedAccessAgeDays: z
          .number()
          .int()
          .min(1)
          .max(365, {
            error: (iss) => `${String(iss.input)} is above IAM Access Analyzer's maximum of 365 days`,
          })
          .default(90)
          .describe(
            'Days without use after which Access Analyzer reports a role, key or permission as unused.',
          ),
        breakGlassMfaMaxAgeSeconds: z
          .number()
          .int()
          .min(60)
          .max(3600, { error: (iss) => `${String(iss.input)} seconds is above the limit of 3600 (1 hour)` })
          .default(3600)
          .describe('How recent the MFA sign-in must be to assume the break-glass role.'),
        breakGlassPrincipalArns: z
          .array(
            z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, {
              error: (iss) =>
                `${JSON.stringify(iss.input)} is not the ARN of an IAM role or user (arn:<partition>:iam::<account>:role/<name>)`,
            }),
          )
          .min(1, {
            error:
              'name at least one operator: otherwise any principal of the account with MFA could assume break-glass',
          })
          .describe(
            'The IAM roles or users (exact ARNs, aws:PrincipalArn) that may assume the break-glass role, with MFA.',
          ),
      })
      .describe('IAM and account-level guardrails.'),
    ciDeploy: z
      .strictObject({
        repository: z
          .string()
          .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, {
            error: (iss) => `${JSON.stringify(iss.input)} is not a GitHub repository; use owner/name`,
          })
          .describe('GitHub repository (owner/name) whose workflows may deploy.'),
        branches: z
          .array(
            z.string().regex(/^[A-Za-z0-9._/-]+$/, {
              error: (iss) =>
                `${JSON.stringify(iss.input)} is not an exact branch name; wildcards and spaces are not allowed`,
            }),
          )
          .default([])
          .describe(
            'Branches whose workflow runs may deploy (exact names; sub claim repo:<repo>:ref:refs/heads/<branch>).',
          ),
        environments: z
          .array(
            z.string().regex(/^[A-Za-z0-9._ -]+$/, {
              error: (iss) =>
                `${JSON.stringify(iss.input)} is not an exact environment name; wildcards are not allowed`,
            }),
          )
          .default([])
          .describe('GitHub environments whose jobs may deploy (sub claim repo:<repo>:environment:<name>).'),
        bootstrapQualifier: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,10}$/, {
            error: (iss) => `${JSON.stringify(iss.input)} is not a CDK bootstrap qualifier (1-10 characters)`,
          })
          .default('hnb659fds')
          .describe('CDK bootstrap qualifier; the role may assume only that bootstrap’s roles.'),
        additionalRegions: z
          .array(regionName)
          .default([])
          .describe(
            'Regions besides environment.region and backupRegion that stacks deploy to (e.g. us-east-1 for CloudFront-scoped resources); the role may assume their bootstrap roles.',
          ),
        existingOidcProviderArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, {
            error: (iss) =>
              `${JSON.stringify(iss.input)} is not the ARN of a GitHub Actions OIDC provider (arn:<partition>:iam::<account>:oidc-provider/token.actions.githubusercontent.com)`,
          })
          .optional()
          .describe(
            'Use this existing GitHub OIDC provider (an account has at most one per URL) instead of creating one.',
          ),
      })
      .optional()
      .describe('GitHub Actions deploy identity (OIDC, no stored keys). Omit to create none.'),
  })
  .describe('Identity and access: Cognito pools for the dashboard, account guardrails, CI deploy identity.');

export type IdentityConfig = z.infer<typeof identitySchema>;

/** Reasons that say nothing an auditor can check. */
const VAGUE_REASON =
  /^(n\/?a|todo|tbd|not needed|not required|ok|okay|fine|ignore|suppress(ed)?|false positive|none|-)\.?$/i;
const MIN_REASON_LENGTH = 25;

type WithIdentity = { environment: { production: boolean; region: string }; identity: IdentityConfig };

const POOLS = ['users', 'admins'] as const;

const featurePlanRules = (c: WithIdentity): Problem[] =>
  POOLS.flatMap((pool) => {
    const p = c.identity[pool];
    const path = `identity.${pool}`;
    const problems: Problem[] = [];
    if (p.featurePlan === 'ESSENTIALS') {
      if (c.environment.production) {
        problems.push({
          path: `${path}.featurePlan`,
          message:
            'ESSENTIALS is not allowed in production: threat protection (compromised credentials, adaptive authentication) needs PLUS; set PLUS',
        });
      }
      const reason = p.essentialsReason?.trim() ?? '';
      if (reason.length < MIN_REASON_LENGTH || VAGUE_REASON.test(reason)) {
        problems.push({
          path: `${path}.essentialsReason`,
          message: `ESSENTIALS needs a concrete reason of at least ${MIN_REASON_LENGTH} characters (got ${JSON.stringify(p.essentialsReason ?? '')}); say why threat protection is not needed in this environment`,
        });
      }
    } else if (p.essentialsReason !== undefined) {
      problems.push({
        path: `${path}.essentialsReason`,
        message: 'is only used with featurePlan ESSENTIALS; remove it',
      });
    }
    return problems;
  });

const optionalMfaNeedsPlus = (c: WithIdentity): Problem[] =>
  c.identity.users.mfa === 'OPTIONAL' && c.identity.users.featurePlan !== 'PLUS'
    ? [
        {
          path: 'identity.users.mfa',
          message:
            'OPTIONAL MFA needs featurePlan PLUS (adaptive authentication then requires MFA on risky sign-ins); set mfa: REQUIRED or featurePlan: PLUS',
        },
      ]
    : [];

const tokenRules = (c: WithIdentity): Problem[] =>
  POOLS.flatMap((pool) => {
    const t = c.identity[pool].tokens;
    const path = `identity.${pool}.tokens`;
    const problems: Problem[] = [];
    for (const key of ['accessTokenMinutes', 'idTokenMinutes'] as const) {
      if (t[key] > t.refreshTokenMinutes) {
        problems.push({
          path: `${path}.${key}`,
          message: `${t[key]} minutes is longer than refreshTokenMinutes (${t.refreshTokenMinutes}); Cognito requires access and ID tokens to expire no later than the refresh token`,
        });
      }
      const limit = PRODUCTION_TOKEN_LIMITS[pool].accessOrId;
      if (c.environment.production && t[key] > limit) {
        problems.push({
          path: `${path}.${key}`,
          message: `${t[key]} minutes is above the production limit of ${limit} for the ${pool} pool; set ${limit} or less`,
        });
      }
    }
    const refreshLimit = PRODUCTION_TOKEN_LIMITS[pool].refresh;
    if (c.environment.production && t.refreshTokenMinutes > refreshLimit) {
      problems.push({
        path: `${path}.refreshTokenMinutes`,
        message: `${t.refreshTokenMinutes} minutes is above the production limit of ${refreshLimit} (${refreshLimit / 60} hours) for the ${pool} pool; set ${refreshLimit} or less`,
      });
    }
    return problems;
  });

const productionPasswordLength = (c: WithIdentity): Problem[] =>
  c.environment.production && c.identity.passwordPolicy.minLength < PRODUCTION_MIN_PASSWORD_LENGTH
    ? [
        {
          path: 'identity.passwordPolicy.minLength',
          message: `${c.identity.passwordPolicy.minLength} characters is below the production minimum of ${PRODUCTION_MIN_PASSWORD_LENGTH}; set ${PRODUCTION_MIN_PASSWORD_LENGTH} or more`,
        },
      ]
    : [];

const distinctDomains = (c: WithIdentity): Problem[] =>
  c.identity.users.domainPrefix === c.identity.admins.domainPrefix
    ? [
        {
          path: 'identity.admins.domainPrefix',
          message: `'${c.identity.admins.domainPrefix}' is already the users pool's prefix; each pool needs its own domain`,
        },
      ]
    : [];

const ciDeployHasSubjects = (c: WithIdentity): Problem[] => {
  const ci = c.identity.ciDeploy;
  return ci && ci.branches.length === 0 && ci.environments.length === 0
    ? [
        {
          path: 'identity.ciDeploy',
          message:
            'lists no branches and no environments, so no workflow could assume the deploy role; list at least one, or remove ciDeploy',
        },
      ]
    : [];
};

/** Passkeys use the managed-login domain as WebAuthn relying-party ID, which Cognito caps at 63 characters. */
const passkeyDomainLength = (c: WithIdentity): Problem[] => {
  const domain = `${c.identity.admins.domainPrefix}.auth.${c.environment.region}.amazoncognito.com`;
  return c.identity.admins.passkeys && domain.length > 63
    ? [
        {
          path: 'identity.admins.domainPrefix',
          message: `passkeys use '${domain}' (${domain.length} characters) as relying-party ID, above Cognito's limit of 63; shorten the prefix by ${domain.length - 63} or more`,
        },
      ]
    : [];
};

export const IDENTITY_RULES: readonly Rule<WithIdentity>[] = [
  featurePlanRules,
  optionalMfaNeedsPlus,
  tokenRules,
  productionPasswordLength,
  distinctDomains,
  ciDeployHasSubjects,
  passkeyDomainLength,
];
