import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { WebAcl } from '../../constructs/edge/web-acl';
import {
  HardenedUserPool,
  type ResourceServerScopeSpec,
  type UserPoolGroupSpec,
} from '../../constructs/identity/hardened-user-pool';
import { webAclPropsFrom } from '../config/props';
import type { AppConfig } from '../config/schema';

/**
 * RBAC of the dashboard. Group names appear in the `cognito:groups` claim; scopes in the access
 * token's `scope` claim. The `admin` role exists only in the admin pool, where MFA is always required.
 * API methods require a scope AND a group (wired by the edge/API stack):
 *   read  -> scope <id>/read,  groups viewer | operator | admin
 *   write -> scope <id>/write, groups operator | admin
 *   admin -> scope <id>/admin (admin pool only), group admin
 */
export const RBAC_GROUPS = {
  admin: { name: 'admin', precedence: 0, description: 'Administrators: full access, admin pool only (MFA)' },
  operator: { name: 'operator', precedence: 10, description: 'Operators: read and change dashboard data' },
  viewer: { name: 'viewer', precedence: 20, description: 'Viewers: read-only access to the dashboard' },
} as const satisfies Record<string, UserPoolGroupSpec>;

const SCOPES = {
  read: { name: 'read', description: 'Read dashboard data' },
  write: { name: 'write', description: 'Change dashboard data' },
  admin: { name: 'admin', description: 'Administrative operations (admin pool only)' },
} as const satisfies Record<string, ResourceServerScopeSpec>;

/** Full scope strings (`<resource server>/<scope>`) of one pool, for API authorizers. */
export interface ApiScopes {
  readonly read: string;
  readonly write: string;
  readonly admin?: string;
}

export interface IdentityStackProps extends StackProps {
  readonly config: AppConfig;
  /** Key of the WAF log group (Foundation logs key). */
  readonly logKey: kms.IKey;
}

/**
 * Sign-in for the dashboard: the end-user pool and the admin pool (both HardenedUserPool), each with
 * one single-page-app client, RBAC groups and resource-server scopes, behind one regional web ACL
 * that rate-limits sign-in.
 */
export class IdentityStack extends Stack {
  /** End users of the dashboard. */
  public readonly userPool: cognito.UserPool;
  /** Administrators: MFA always required, no self sign-up, shorter tokens. */
  public readonly adminUserPool: cognito.UserPool;
  /** SPA client of the end-user pool (authorization code + PKCE, no secret). */
  public readonly userPoolClient: cognito.UserPoolClient;
  /** SPA client of the admin pool. */
  public readonly adminUserPoolClient: cognito.UserPoolClient;
  /** Resource servers (identifier = config identity.resourceServerIdentifier in both pools). */
  public readonly userResourceServer: cognito.UserPoolResourceServer;
  public readonly adminResourceServer: cognito.UserPoolResourceServer;
  /** Scopes an API method can require, per pool. */
  public readonly userScopes: ApiScopes;
  public readonly adminScopes: Required<ApiScopes>;
  /** The hardened pool constructs (domains, groups, log groups). */
  public readonly users: HardenedUserPool;
  public readonly admins: HardenedUserPool;
  /** Regional web ACL of both pools (edge.waf rules, every request counted by the sign-in limit). */
  public readonly webAcl: WebAcl;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { config, logKey } = props;
    const identity = config.identity;
    const prefix = `security-baseline-${config.environment.name.toLowerCase()}`;

    // The edge.waf rules (deny/allow lists, geo, size limits, managed groups), with one per-IP rate limit
    // over EVERY request: Cognito's API calls all POST to / (InitiateAuth, RespondToAuthChallenge, SignUp
    // and ForgotPassword differ only in X-Amz-Target) and the managed login pages are /login, /oauth2/*.
    // That limit is also the per-IP limit, and Cognito carries user tokens in the body, not in the
    // Authorization header, so the edge perIp/perUser rules are left out. The window is the 5 minutes
    // identity.signInRateLimit is documented in.
    this.webAcl = new WebAcl(this, 'CognitoWebAcl', {
      scope: 'REGIONAL',
      name: `${prefix}-cognito`, // log group aws-waf-logs-<prefix>-cognito
      ...webAclPropsFrom(config),
      rateLimits: { evaluationWindowSeconds: 300, signIn: identity.signInRateLimit },
      signInPaths: undefined,
      signInAllPaths: true,
      logKey,
      logRetentionDays: config.retention.logDays,
    });

    const common = {
      passwordMinLength: identity.passwordPolicy.minLength,
      passwordHistorySize: identity.passwordPolicy.historySize,
      temporaryPasswordValidityDays: 1,
      resourceServerIdentifier: identity.resourceServerIdentifier,
      logRetentionDays: config.retention.auditLogDays,
      webAclArn: this.webAcl.arn,
    };
    const tokens = (t: AppConfig['identity']['users']['tokens']) => ({
      accessTokenValidity: Duration.minutes(t.accessTokenMinutes),
      idTokenValidity: Duration.minutes(t.idTokenMinutes),
      refreshTokenValidity: Duration.minutes(t.refreshTokenMinutes),
    });
    const plan = (p: AppConfig['identity']['users'] | AppConfig['identity']['admins']) => ({
      featurePlan: p.featurePlan,
      essentialsReason: p.essentialsReason,
      domainPrefix: p.domainPrefix,
      callbackUrls: p.callbackUrls,
      logoutUrls: p.logoutUrls,
      ...tokens(p.tokens),
    });

    this.users = new HardenedUserPool(this, 'Users', {
      ...common,
      ...plan(identity.users),
      selfSignUpEnabled: identity.users.selfSignUp,
      mfa: identity.users.mfa,
      mfaOptionalReason:
        'End-user MFA is optional by configuration (identity.users.mfa); every user can enrol TOTP, and PLUS threat protection requires MFA on medium-risk sign-ins, blocks high-risk ones and blocks compromised passwords',
      scopes: [SCOPES.read, SCOPES.write],
      groups: [RBAC_GROUPS.operator, RBAC_GROUPS.viewer],
      logGroupName: `/aws/vendedlogs/cognito/${prefix}-users`,
    });

    this.admins = new HardenedUserPool(this, 'Admins', {
      ...common,
      ...plan(identity.admins),
      selfSignUpEnabled: false,
      mfa: 'REQUIRED',
      passkeys: identity.admins.passkeys,
      scopes: [SCOPES.read, SCOPES.write, SCOPES.admin],
      groups: [RBAC_GROUPS.admin],
      logGroupName: `/aws/vendedlogs/cognito/${prefix}-admins`,
    });

    this.userPool = this.users.userPool;
    this.adminUserPool = this.admins.userPool;
    this.userPoolClient = this.users.client;
    this.adminUserPoolClient = this.admins.client;
    this.userResourceServer = this.users.resourceServer;
    this.adminResourceServer = this.admins.resourceServer;
    this.userScopes = { read: this.users.scopes.read, write: this.users.scopes.write };
    this.adminScopes = {
      read: this.admins.scopes.read,
      write: this.admins.scopes.write,
      admin: this.admins.scopes.admin,
    };
  }
}
