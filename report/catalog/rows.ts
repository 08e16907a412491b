/**
 * Helpers the catalog entries share to write evidence rows, and the test files and titles they cite.
 * Every cited test (`<file> › <describe> › <test>`) is checked to exist by test/report/catalog/catalog.test.ts.
 */
import { type FileEvidence, m, type ProofEvidence, type TemplateEvidence, type TestEvidence } from './types';

// ---------------------------------------------------------------------------------------------------------
// Evidence helpers
// ---------------------------------------------------------------------------------------------------------

export type TemplateRow = Omit<TemplateEvidence, 'kind'>;
export const tpl = (row: TemplateRow): TemplateEvidence => ({ kind: 'template', ...row });
export const unitTest = (test: string, proves: string): TestEvidence => ({ kind: 'test', test, proves });
export const file = (path: string, proves: string, contains?: string): FileEvidence => ({
  kind: 'file',
  path,
  proves,
  contains,
});

const DELIVERY = 'test/lib/alert-delivery.test.ts';

/** The delivery proofs of the alert routes (every route, or the rules of these event sources). */
export const routeProofs = (proves: string, eventSources?: readonly string[]): ProofEvidence => ({
  kind: 'proof',
  proof: 'alert-routes',
  ...(eventSources ? { eventSources } : {}),
  test: `${DELIVERY} › EventBridge rule -> SNS topic: delivered › %s`,
  proves,
});

/** The negative cases of the alert routes (other accounts, no source condition: denied). */
export const negativeRouteProofs = (proves: string): ProofEvidence => ({
  kind: 'proof',
  proof: 'alert-route-negatives',
  test: `${DELIVERY} › negative twins: what must not reach the topics › another account's rule cannot publish to %s`,
  proves,
});

/** The attacks of the catalog that evidence `requirement`, each stopped, each twin allowed. */
export const attackProofs = (requirement: string, proves: string): ProofEvidence => ({
  kind: 'proof',
  proof: 'attack-catalog',
  requirement,
  test: 'test/compliance/attack-catalog.test.ts › %s: every attack is stopped and its legitimate twin is allowed › %s',
  proves,
});

/** Tests that assert what the evidence rows read from the templates. */
export const T = {
  keysRotate:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › every key rotates yearly, has a 30-day deletion window and is retained',
  keyPerClass:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › creates one customer-managed key per data class',
  secretsKey:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › the secrets key can only be used through Secrets Manager by this account',
  keyPrincipals:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › service principals on the keys are bound to this account',
  bucketsPrivate:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › every bucket blocks all public access, is versioned and retained',
  bucketsTls:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › every bucket policy denies requests without TLS 1.2+',
  bucketsEncrypted:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › every bucket is encrypted at rest (SSE-KMS, or SSE-S3 where log delivery requires it)',
  bucketsSecureDeletion:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › every bucket expires noncurrent versions and aborts incomplete uploads (secure deletion)',
  accessLogs:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › the access-log bucket uses SSE-S3 (log delivery cannot use KMS) and expires logs',
  archive:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › the log archive is KMS-encrypted with the logs key and logs access to the access-log bucket',
  topicKms:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › the security topic is KMS-encrypted with the logs key',
  topicTls:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › the security topic policy denies publishing without TLS',
  topicSubs:
    'test/lib/stacks/foundation-stack.test.ts › %s/Foundation › each configured address is subscribed to the security topic',
  nagGate:
    'test/compliance/app-compliance.test.ts › compliance gate over every environment › the app has no unacknowledged cdk-nag finding (AwsSolutions, NIST 800-53 R5, HIPAA, PCI DSS 3.2.1)',
  nagCanFail:
    'test/compliance/app-compliance.test.ts › the gate can fail › a deliberately insecure fixture produces findings from every pack',
  acksRecorded:
    'test/compliance/app-compliance.test.ts › compliance gate over every environment › every acknowledgment is recorded in the template with a concrete reason',
  cfnValidator:
    'test/compliance/app-compliance.test.ts › compliance gate over every environment › the built-in CloudFormation validator ran and reports nothing',
  auditRetention:
    'test/lib/config/load.test.ts › config loading › fails if production audit-log retention is below 365 days',
  unknownKey: 'test/lib/config/load.test.ts › fails if a key is unknown (a typo must not drop a control)',
  fnRuntime:
    'test/constructs/compute/secure-function.test.ts › SecureFunction › runs Node.js 24 (the latest Lambda runtime)',
  fnConcurrency:
    'test/constructs/compute/secure-function.test.ts › SecureFunction › has reserved concurrency',
  fnLogs:
    'test/constructs/compute/secure-function.test.ts › SecureFunction › logs to its own KMS-encrypted log group with retention, retained on delete',
  fnRole:
    'test/constructs/compute/secure-function.test.ts › SecureFunction › its role has no AWS-managed and no inline policy: permissions are in one customer-managed policy',
  rotationFinish:
    'test/constructs/data/rotating-secret/handler.test.ts › finishSecret › moves AWSCURRENT to the token version and removes it from the previous version',
  rotationTest:
    'test/constructs/data/rotating-secret/handler.test.ts › testSecret › fails if the AWSPENDING key equals the AWSCURRENT key',
  rotationKeyCheck:
    'test/constructs/data/rotating-secret/handler.test.ts › testSecret › fails if a signature made now with the stored AWSPENDING key does not match its stored key check value',
  rotationPlaceholder:
    'test/constructs/data/rotating-secret/placeholder-check.test.ts › placeholder check handler and alarm › the alarm fires for a secret still on its placeholder after the first window (32 days, rate 30 days)',
  rotationOverlap:
    'test/constructs/data/rotating-secret/signing.test.ts › overlap model › during the window, a partner still holding only the old key verifies',
  rotationKms:
    'test/constructs/data/rotating-secret/handler.test.ts › createSecret › stores a new key from KMS GenerateRandom as the AWSPENDING version',
  rotationNoLeak:
    'test/constructs/data/rotating-secret/handler.test.ts › logging › never logs or throws the generated key or the current key',
  ciPinned:
    'test/ci/workflows.test.ts › GitHub Actions workflows › every action is pinned to a full commit SHA',
  ciPermissions:
    'test/ci/workflows.test.ts › GitHub Actions workflows › every workflow declares least-privilege permissions',
  ciAudit:
    'test/ci/workflows.test.ts › GitHub Actions workflows › CI audits dependencies and reviews dependency changes',
  ciDeploy:
    'test/ci/workflows.test.ts › GitHub Actions workflows › the deploy job uses OIDC, a protected environment and diffs before it deploys',
  dependabot: 'test/ci/workflows.test.ts › Dependabot › Dependabot updates npm packages and GitHub Actions',
  dastJob:
    'test/ci/workflows.test.ts › DAST job (ST2): OWASP ZAP baseline scan of the deployed Dev API and site › scans the API and the site URL the deploy job read from its stack outputs, filing no issues',
  docsExist: 'test/docs/docs.test.ts › every security document exists',
  reportWritten:
    'test/report/write.test.ts › compliance report generation › writes the JSON, CSV, Markdown, HTML and SVG files per environment',
  catalogEvidence:
    'test/report/catalog/catalog.test.ts › evidence › every template evidence row holds in every environment that enables it',
} as const;

export const ENCRYPTED_SSE = m.oneOf('aws:kms', 'AES256');

export const NET = 'test/lib/stacks/network-stack.test.ts';
export const EDGE = 'test/lib/stacks/edge-stacks.test.ts';
export const SITE = 'test/constructs/edge/secure-site-distribution.test.ts';
export const WAF = 'test/constructs/edge/web-acl.test.ts';
export const API = 'test/constructs/api/secure-rest-api.test.ts';
export const POOL = 'test/constructs/identity/hardened-user-pool.test.ts';
export const IDN = 'test/lib/stacks/identity-stack.test.ts';
export const GUARD = 'test/lib/stacks/guardrails-stack.test.ts';
export const AUDIT = 'test/lib/stacks/audit-stack.test.ts';
export const DATA = 'test/lib/stacks/data-stack.test.ts';
export const HEADERS = 'ResponseHeadersPolicyConfig.SecurityHeadersConfig';
export const managedGroups = 'Rules[*].Statement.ManagedRuleGroupStatement.Name';
export const PLUS_POOLS = { propertyPath: 'UserPoolTier', expected: 'PLUS' } as const;
export const AUTHORIZED_METHODS = {
  propertyPath: 'HttpMethod',
  expected: m.oneOf('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
};
