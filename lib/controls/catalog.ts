/**
 * The control catalog: one entry per Definition-of-Done item of docs/requirements/TASK-019-security-hardening.md,
 * saying how the baseline meets it (infrastructure, process/document or application), with evidence as data
 * that `npm run report` evaluates against the synthesized templates, and mappings to CIS AWS Foundations
 * v3.0.0, AWS Foundational Security Best Practices (FSBP), NIST SP 800-53 Rev. 5, SOC 2 and cdk-nag rules.
 *
 * Evidence that waits for a capability not built yet would live in `PENDING_EVIDENCE`; the report
 * shows such items as `evidence pending`, never `met`.
 */
import {
  type CatalogEntry,
  type FileEvidence,
  m,
  type TemplateEvidence,
  type TestEvidence,
  whenConfig,
} from './types';

// ---------------------------------------------------------------------------------------------------------
// Evidence helpers
// ---------------------------------------------------------------------------------------------------------

type TemplateRow = Omit<TemplateEvidence, 'kind'>;
const tpl = (row: TemplateRow): TemplateEvidence => ({ kind: 'template', ...row });
const unitTest = (test: string, proves: string): TestEvidence => ({ kind: 'test', test, proves });
const file = (path: string, proves: string, contains?: string): FileEvidence => ({
  kind: 'file',
  path,
  proves,
  contains,
});

/** Tests that assert what the evidence rows read from the templates. */
const T = {
  keysRotate:
    'test/lib/stacks/foundation-stack.test.ts › every key rotates yearly, has a 30-day deletion window and is retained',
  keyPerClass: 'test/lib/stacks/foundation-stack.test.ts › creates one customer-managed key per data class',
  secretsKey:
    'test/lib/stacks/foundation-stack.test.ts › the secrets key can only be used through Secrets Manager by this account',
  keyPrincipals:
    'test/lib/stacks/foundation-stack.test.ts › service principals on the keys are bound to this account',
  bucketsPrivate:
    'test/lib/stacks/foundation-stack.test.ts › every bucket blocks all public access, is versioned and retained',
  bucketsTls:
    'test/lib/stacks/foundation-stack.test.ts › every bucket policy denies requests without TLS 1.2+',
  bucketsEncrypted:
    'test/lib/stacks/foundation-stack.test.ts › every bucket is encrypted at rest (SSE-KMS, or SSE-S3 where log delivery requires it)',
  bucketsSecureDeletion:
    'test/lib/stacks/foundation-stack.test.ts › every bucket expires noncurrent versions and aborts incomplete uploads (secure deletion)',
  accessLogs:
    'test/lib/stacks/foundation-stack.test.ts › the access-log bucket uses SSE-S3 (log delivery cannot use KMS) and expires logs',
  archive:
    'test/lib/stacks/foundation-stack.test.ts › the log archive is KMS-encrypted with the logs key and logs access to the access-log bucket',
  topicKms: 'test/lib/stacks/foundation-stack.test.ts › the security topic is KMS-encrypted',
  topicTls:
    'test/lib/stacks/foundation-stack.test.ts › the security topic policy denies publishing without TLS',
  topicSubs:
    'test/lib/stacks/foundation-stack.test.ts › each configured address is subscribed to the security topic',
  nagGate:
    'test/compliance/app-compliance.test.ts › the app has no unacknowledged cdk-nag finding (AwsSolutions, NIST 800-53 R5, HIPAA, PCI DSS 3.2.1)',
  nagCanFail:
    'test/compliance/app-compliance.test.ts › the gate can fail › a deliberately insecure fixture produces findings from every pack',
  acksRecorded:
    'test/compliance/app-compliance.test.ts › every acknowledgment is recorded in the template with a concrete reason',
  cfnValidator:
    'test/compliance/app-compliance.test.ts › the built-in CloudFormation validator reports nothing',
  auditRetention: 'test/lib/config/load.test.ts › fails if production audit-log retention is below 365 days',
  unknownKey: 'test/lib/config/load.test.ts › fails if a key is unknown (a typo must not drop a control)',
  fnRuntime: 'test/constructs/compute/secure-function.test.ts › runs Node.js 24 (the latest Lambda runtime)',
  fnConcurrency: 'test/constructs/compute/secure-function.test.ts › has reserved concurrency',
  fnLogs:
    'test/constructs/compute/secure-function.test.ts › logs to its own KMS-encrypted log group with retention, retained on delete',
  fnRole:
    'test/constructs/compute/secure-function.test.ts › its role has no AWS-managed and no inline policy: permissions are in one customer-managed policy',
  rotationFinish:
    'test/constructs/data/rotating-secret/handler.test.ts › finishSecret › moves AWSCURRENT to the token version and removes it from the previous version',
  rotationTest:
    'test/constructs/data/rotating-secret/handler.test.ts › testSecret › fails if the AWSPENDING key equals the AWSCURRENT key',
  rotationKms:
    'test/constructs/data/rotating-secret/handler.test.ts › createSecret › stores a new key from KMS GenerateRandom as the AWSPENDING version',
  rotationNoLeak:
    'test/constructs/data/rotating-secret/handler.test.ts › logging › never logs or throws the generated key or the current key',
  ciPinned: 'test/ci/workflows.test.ts › every action is pinned to a full commit SHA',
  ciPermissions: 'test/ci/workflows.test.ts › every workflow declares least-privilege permissions',
  ciAudit: 'test/ci/workflows.test.ts › CI audits dependencies and reviews dependency changes',
  ciDeploy:
    'test/ci/workflows.test.ts › the deploy job uses OIDC, a protected environment and diffs before it deploys',
  dependabot: 'test/ci/workflows.test.ts › Dependabot updates npm packages and GitHub Actions',
  docsExist: 'test/docs/docs.test.ts › every security document exists',
  reportWritten:
    'test/lib/report/write.test.ts › writes the JSON, CSV, Markdown, HTML and SVG files per environment',
  catalogEvidence:
    'test/lib/controls/catalog.test.ts › evidence › every template evidence row holds in every environment that enables it',
} as const;

const ENCRYPTED_SSE = m.oneOf('aws:kms', 'AES256');

// ---------------------------------------------------------------------------------------------------------
// The catalog
// ---------------------------------------------------------------------------------------------------------

const ENTRIES: readonly CatalogEntry[] = [
  // Phase 1: Security Assessment -----------------------------------------------------------------------
  {
    id: 'A1',
    text: 'Conduct threat modeling session',
    kind: 'process',
    summary:
      'STRIDE threat model per component with a data-flow diagram and trust boundaries; every threat names the control that answers it. Reviewed on every architecture change and at least yearly.',
    constructs: [],
    evidence: [
      file('docs/threat-model.md', 'The threat model exists', '## STRIDE per component'),
      file(
        'docs/threat-model.md',
        'Data flows and trust boundaries are drawn',
        '## Data flows and trust boundaries',
      ),
      file('docs/threat-model.md', 'Each modelling session is logged', '## Review log'),
    ],
    frameworks: { nist: ['RA-3', 'SA-11(2)', 'PL-8'], soc2: ['CC3.2'] },
    nagRules: [],
  },
  {
    id: 'A2',
    text: 'Review OWASP Top 10 compliance',
    kind: 'process',
    summary:
      'OWASP Top 10 (2021) reviewed item by item: which risks the infrastructure mitigates (WAF managed rules, headers, TLS, logging) and which remain application responsibilities.',
    constructs: [],
    evidence: [file('docs/threat-model.md', 'OWASP Top 10 review', '## OWASP Top 10 (2021) review')],
    frameworks: { nist: ['RA-3', 'SA-11', 'SI-10'], soc2: ['CC3.2', 'CC7.1'] },
    nagRules: [],
  },
  {
    id: 'A3',
    text: 'Perform dependency vulnerability scan',
    kind: 'process',
    summary:
      'Every pull request and push runs `npm audit --audit-level=high` and GitHub dependency review; Dependabot opens weekly update pull requests for npm packages and GitHub Actions.',
    constructs: [],
    evidence: [
      file(
        '.github/workflows/ci.yml',
        'CI fails on high or critical advisories',
        'npm audit --audit-level=high',
      ),
      file(
        '.github/workflows/ci.yml',
        'Dependency changes are reviewed',
        'actions/dependency-review-action@',
      ),
      file('.github/dependabot.yml', 'Dependabot watches npm and GitHub Actions', 'package-ecosystem: npm'),
      unitTest(T.ciAudit, 'The workflow test fails if the audit or the dependency review step is removed'),
      unitTest(T.dependabot, 'The workflow test fails if Dependabot stops covering npm or actions'),
    ],
    frameworks: { nist: ['RA-5', 'SI-2', 'SA-11'], soc2: ['CC7.1'] },
    nagRules: [],
  },
  {
    id: 'A4',
    text: 'Review authentication flows',
    kind: 'process',
    summary:
      'The authentication flows (dashboard users through Cognito, API clients with API keys, operators through IAM Identity Center / OIDC) are reviewed in the threat model with their controls.',
    constructs: [],
    evidence: [file('docs/threat-model.md', 'Authentication flows are reviewed', '## Authentication flows')],
    frameworks: { nist: ['IA-2', 'IA-5', 'IA-8'], soc2: ['CC6.1'] },
    nagRules: [],
  },
  {
    id: 'A5',
    text: 'Assess authorization controls',
    kind: 'process',
    summary:
      'Authorization is assessed per layer: IAM least privilege (customer-managed policies only, permissions boundary), Cognito groups for application roles, API Gateway authorizers, KMS key policies.',
    constructs: [],
    evidence: [
      file('docs/threat-model.md', 'Authorization controls are assessed', '## Authorization controls'),
    ],
    frameworks: { nist: ['AC-3', 'AC-6'], soc2: ['CC6.3'] },
    nagRules: [],
  },
  {
    id: 'A6',
    text: 'Review data handling practices',
    kind: 'process',
    summary:
      'Data classes, where each is stored, its key, retention and deletion are documented in the data-handling guidelines and enforced by the data-class keys and bucket lifecycles.',
    constructs: ['DataClassKeys'],
    evidence: [file('docs/data-handling.md', 'Data handling guidelines', '## Data classes')],
    frameworks: { nist: ['SI-12', 'SC-28', 'MP-6'], soc2: ['C1.1', 'C1.2'] },
    nagRules: [],
  },
  {
    id: 'A7',
    text: 'Check third-party integrations',
    kind: 'process',
    summary:
      'Third parties (npm packages, GitHub Actions, AWS managed rule groups, email recipients, API partners) are listed with what they can reach and how they are constrained (pinned SHAs, lockfile, audit, scoped API keys).',
    constructs: [],
    evidence: [
      file('docs/threat-model.md', 'Third-party integrations are reviewed', '## Third-party integrations'),
    ],
    frameworks: { nist: ['SA-9', 'SR-3'], soc2: ['CC9.2'] },
    nagRules: [],
  },
  {
    id: 'A8',
    text: 'Document security baseline',
    kind: 'process',
    summary:
      'The baseline is code (this repository) plus its documentation: architecture, the generated compliance summary and the per-environment compliance report generated on every synth.',
    constructs: [],
    evidence: [
      file('docs/architecture.md', 'Security architecture of the baseline', '## Stacks'),
      file('docs/compliance.md', 'Compliance summary generated from the catalog', '# Compliance summary'),
      unitTest(T.reportWritten, 'Every synth writes the per-environment compliance report'),
    ],
    frameworks: { nist: ['CM-2', 'CM-6', 'PL-2'], soc2: ['CC5.2'] },
    nagRules: [],
  },

  // Phase 2: Authentication & Authorization -------------------------------------------------------------
  {
    id: 'AA1',
    text: 'Implement strong password policies',
    kind: 'infrastructure',
    summary:
      'The Cognito user pool requires long passwords with all character classes and prevents reuse; configuration validation rejects weaker settings.',
    constructs: ['HardenedUserPool', 'IdentityStack'],
    evidence: [],
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
    evidence: [],
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
    evidence: [],
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
    evidence: [],
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
    evidence: [],
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
    evidence: [],
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
    evidence: [],
    frameworks: { fsbp: ['Cognito.1'], nist: ['AC-7'], soc2: ['CC6.1'] },
    nagRules: ['AwsSolutions-COG8'],
  },

  // Phase 3: Input Validation & Sanitization -----------------------------------------------------------
  {
    id: 'IV1',
    text: 'Implement comprehensive input validation',
    kind: 'application',
    summary:
      'Validating every input against an allow-list schema is the application’s job; API Gateway request validation and WAF inspect requests before they reach it.',
    constructs: ['SecureRestApi', 'WebAcl'],
    evidence: [],
    application: {
      responsibility:
        'Validate every field of every request (type, length, range, format) with a schema validator on the server, and reject unknown fields.',
      mitigations: [
        'API Gateway request validators check body and parameters against the models (APIS3)',
        'AWS WAF managed rule groups (Common, KnownBadInputs, SQLi) block common attack payloads (IS2)',
        'AWS WAF size constraints reject oversized bodies, query strings and headers (IV8)',
      ],
    },
    frameworks: { nist: ['SI-10'], soc2: ['PI1.2'] },
    nagRules: ['AwsSolutions-APIG2'],
  },
  {
    id: 'IV2',
    text: 'Add XSS prevention (output encoding)',
    kind: 'application',
    summary:
      'Context-aware output encoding is done by the application (framework auto-escaping); the CSP and WAF cross-site-scripting rules limit the damage of a miss.',
    constructs: ['SecureSiteDistribution', 'WebAcl'],
    evidence: [],
    application: {
      responsibility:
        'Encode all untrusted data for its output context (HTML, attribute, JavaScript, URL) through the framework’s auto-escaping; never build HTML by string concatenation.',
      mitigations: [
        'Content-Security-Policy without unsafe-inline/unsafe-eval scripts blocks injected scripts (IS1a)',
        'AWS WAF Common rule set cross-site-scripting rules on body, query, cookie and URI (IS2)',
        'X-Content-Type-Options: nosniff stops content-type confusion (IS1c)',
      ],
    },
    frameworks: { nist: ['SI-10', 'SI-15'] },
    nagRules: [],
  },
  {
    id: 'IV3',
    text: 'Prevent SQL injection (parameterized queries)',
    kind: 'application',
    summary:
      'Parameterized queries are the application’s job; the WAF SQL-injection rule set and a least-privilege database user limit the impact of a miss.',
    constructs: ['WebAcl'],
    evidence: [],
    application: {
      responsibility:
        'Use parameterized queries or an ORM’s bound parameters for every statement; never interpolate input into SQL; the application database user has no DDL rights.',
      mitigations: [
        'AWS WAF managed SQL database rule group (AWSManagedRulesSQLiRuleSet) (IS2)',
        'The database is in isolated data subnets reachable only from the app tier (IS5)',
      ],
    },
    frameworks: { nist: ['SI-10'] },
    nagRules: [],
  },
  {
    id: 'IV4',
    text: 'Add CSRF protection',
    kind: 'application',
    summary:
      'Anti-CSRF tokens or SameSite cookies are the application’s job; the API authenticates with bearer tokens (not cookies), CORS allows only the dashboard origin, and framing is denied.',
    constructs: ['SecureRestApi', 'SecureSiteDistribution'],
    evidence: [],
    application: {
      responsibility:
        'For any cookie-authenticated endpoint: SameSite=Strict (or Lax) cookies plus a synchronizer or double-submit token on state-changing requests.',
      mitigations: [
        'The API uses bearer tokens in the Authorization header, which browsers do not attach cross-site',
        'CORS allows only the configured https origins, never * with credentials (APIS7)',
        'X-Frame-Options: DENY and CSP frame-ancestors none prevent clickjacking (IS1b)',
      ],
    },
    frameworks: { nist: ['SC-23', 'SI-10'] },
    nagRules: [],
  },
  {
    id: 'IV5',
    text: 'Validate file uploads (type, size, content)',
    kind: 'application',
    summary:
      'Checking type by content (magic bytes), size and scanning uploads is the application’s job; WAF and API Gateway cap request sizes.',
    constructs: ['WebAcl'],
    evidence: [],
    application: {
      responsibility:
        'Upload through pre-signed S3 URLs with content-length-range and content-type conditions; verify the type from the bytes after upload; scan (GuardDuty Malware Protection for S3) before use; serve with Content-Disposition: attachment.',
      mitigations: [
        'AWS WAF body size constraint (IV8) and the API Gateway 10 MB payload limit',
        'Buckets block all public access and enforce TLS (SecureBucket)',
      ],
    },
    frameworks: { nist: ['SI-3', 'SI-10'] },
    nagRules: [],
  },
  {
    id: 'IV6',
    text: 'Sanitize HTML content (if rich text)',
    kind: 'application',
    summary:
      'Rich text must be sanitized server-side with an allow-list sanitizer; the CSP prevents script execution if sanitizing fails.',
    constructs: ['SecureSiteDistribution'],
    evidence: [],
    application: {
      responsibility:
        'Sanitize rich text with an allow-list HTML sanitizer (for example DOMPurify on the server) before storing, and again before rendering.',
      mitigations: [
        'Content-Security-Policy blocks inline and third-party scripts (IS1a)',
        'AWS WAF cross-site-scripting rules (IS2)',
      ],
    },
    frameworks: { nist: ['SI-10', 'SI-15'] },
    nagRules: [],
  },
  {
    id: 'IV7',
    text: 'Add rate limiting on all endpoints',
    kind: 'infrastructure',
    summary:
      'AWS WAF rate-based rules (per IP, per user, stricter on sign-in paths) on CloudFront and API Gateway, plus API Gateway stage and method throttling.',
    constructs: ['WebAcl', 'SecureRestApi'],
    evidence: [],
    frameworks: { nist: ['SC-5'], soc2: ['CC6.6'] },
    nagRules: [],
  },
  {
    id: 'IV8',
    text: 'Implement request size limits',
    kind: 'infrastructure',
    summary:
      'AWS WAF size-constraint rules block bodies, query strings and headers above configured limits before the managed rules run.',
    constructs: ['WebAcl'],
    evidence: [],
    frameworks: { nist: ['SC-5', 'SI-10'], soc2: ['CC6.6'] },
    nagRules: [],
  },

  // Phase 4: Data Protection ------------------------------------------------------------------------------
  {
    id: 'DP1',
    text: 'Encrypt sensitive data at rest',
    kind: 'infrastructure',
    summary:
      'One rotating customer-managed KMS key per data class; every bucket, topic, log group, secret, database and backup vault is encrypted, with the key of its class where the service supports KMS.',
    constructs: ['DataClassKeys', 'SecureBucket', 'SecurityTopic', 'SecureLogGroup'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::KMS::Key',
        propertyPath: 'EnableKeyRotation',
        expected: true,
        test: T.keysRotate,
        proves: 'Every customer-managed key rotates its key material',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath:
          'BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.SSEAlgorithm',
        expected: m.every(ENCRYPTED_SSE),
        test: T.bucketsEncrypted,
        proves: 'Every bucket has default encryption',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath:
          'BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.KMSMasterKeyID',
        expected: m.every(m.refersTo('AWS::KMS::Key')),
        where: {
          propertyPath:
            'BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.SSEAlgorithm',
          expected: m.every('aws:kms'),
        },
        test: T.archive,
        proves: 'KMS-encrypted buckets use a customer-managed key of this baseline',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::SNS::Topic',
        propertyPath: 'KmsMasterKeyId',
        expected: m.refersTo('AWS::KMS::Key'),
        test: T.topicKms,
        proves: 'The security topic is encrypted with the logs key',
      }),
    ],
    frameworks: {
      cis: ['2.3.1', '3.5'],
      fsbp: ['KMS.4', 'CloudTrail.2', 'RDS.27', 'Backup.1'],
      nist: ['SC-28', 'SC-28(1)', 'SC-12', 'SC-13'],
      soc2: ['CC6.1', 'C1.1'],
    },
    nagRules: [
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'NIST.800.53.R5-SNSEncryptedKMS',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-RDSStorageEncrypted',
      'NIST.800.53.R5-SecretsManagerUsingKMSKey',
      'AwsSolutions-RDS2',
    ],
  },
  {
    id: 'DP2',
    text: 'Implement TLS 1.2+ for all connections',
    kind: 'infrastructure',
    summary:
      'Bucket policies deny plain HTTP and TLS below 1.2, the topic denies non-TLS publishing, CloudFront uses the TLSv1.2_2021 policy, API Gateway custom domains the TLS 1.2 policy, and the database requires TLS.',
    constructs: ['SecureBucket', 'SecurityTopic', 'SecureSiteDistribution', 'SecureRestApi'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::BucketPolicy',
        propertyPath: 'PolicyDocument.Statement',
        expected: m.includes({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        test: T.bucketsTls,
        proves: 'Every bucket denies requests over TLS older than 1.2',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::BucketPolicy',
        propertyPath: 'PolicyDocument.Statement',
        expected: m.includes({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        test: T.bucketsTls,
        proves: 'Every bucket denies plain-HTTP requests',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::SNS::TopicPolicy',
        propertyPath: 'PolicyDocument.Statement',
        expected: m.includes({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        test: T.topicTls,
        proves: 'The security topic denies publishing without TLS',
      }),
    ],
    frameworks: {
      cis: ['2.1.1'],
      fsbp: ['S3.5', 'CloudFront.3'],
      nist: ['SC-8', 'SC-8(1)', 'SC-13'],
      soc2: ['CC6.7'],
    },
    nagRules: [
      'AwsSolutions-S10',
      'NIST.800.53.R5-S3BucketSSLRequestsOnly',
      'AwsSolutions-SNS3',
      'AwsSolutions-CFR4',
      'NIST.800.53.R5-APIGWSSLEnabled',
    ],
  },
  {
    id: 'DP3',
    text: 'Add encryption for database fields (PII)',
    kind: 'application',
    summary:
      'Field-level encryption of PII is done by the application with envelope encryption under the data key; the infrastructure provides the key (rotating, usable only through this account’s data services) and encrypted storage.',
    constructs: ['DataClassKeys'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::KMS::Alias',
        propertyPath: 'AliasName',
        expected: m.regex('/data$'),
        quantifier: 'some',
        test: T.keyPerClass,
        proves: 'A dedicated data key exists for application data',
      }),
    ],
    application: {
      responsibility:
        'Encrypt PII columns before writing them (AWS Encryption SDK or KMS GenerateDataKey envelope encryption with the data key, encryption context = table/column/row id); decrypt only in the service that needs the clear value.',
      mitigations: [
        'Customer-managed data key with yearly rotation, usable only by this account through RDS, S3, DynamoDB and Backup',
        'Database storage encryption with the data key (DP1)',
      ],
    },
    frameworks: { nist: ['SC-28(1)', 'SC-12'], soc2: ['C1.1'] },
    nagRules: [],
  },
  {
    id: 'DP4',
    text: 'Secure API key storage',
    kind: 'infrastructure',
    summary:
      'API keys and credentials live in Secrets Manager encrypted with the secrets key, whose policy allows use only through Secrets Manager by this account; nothing secret is in code, config or environment variables.',
    constructs: ['DataClassKeys', 'SecureRestApi', 'RotatingSecret'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::KMS::Key',
        propertyPath: 'KeyPolicy.Statement',
        expected: m.includes({
          Sid: 'UseThroughSecretsManagerOnly',
          Condition: { StringEquals: { 'kms:ViaService': m.regex('^secretsmanager\\.') } },
        }),
        quantifier: 'some',
        test: T.secretsKey,
        proves: 'The secrets key can only be used through Secrets Manager',
      }),
    ],
    frameworks: { nist: ['SC-28', 'IA-5(7)', 'SC-12'], soc2: ['CC6.1'] },
    nagRules: ['NIST.800.53.R5-SecretsManagerUsingKMSKey'],
  },
  {
    id: 'DP5',
    text: 'Implement secure credential rotation',
    kind: 'infrastructure',
    summary:
      'Secrets rotate automatically with the four-step Secrets Manager contract (new key material from KMS, tested before promotion, never logged); KMS keys rotate yearly.',
    constructs: ['RotatingSecret', 'SecureFunction', 'DataClassKeys'],
    evidence: [
      unitTest(T.rotationKms, 'New key material comes from KMS GenerateRandom'),
      unitTest(T.rotationTest, 'A pending key equal to the current one is rejected before promotion'),
      unitTest(T.rotationFinish, 'Only finishSecret moves AWSCURRENT, after the test step passed'),
      unitTest(T.rotationNoLeak, 'Rotation never writes key material to logs or errors'),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::KMS::Key',
        propertyPath: 'RotationPeriodInDays',
        expected: m.atMost(365),
        test: T.keysRotate,
        proves: 'KMS key material rotates at least yearly',
      }),
    ],
    frameworks: {
      fsbp: ['SecretsManager.1', 'SecretsManager.4', 'KMS.4'],
      nist: ['IA-5', 'SC-12'],
      soc2: ['CC6.1'],
    },
    nagRules: [
      'AwsSolutions-SMG4',
      'NIST.800.53.R5-SecretsManagerRotationEnabled',
      'AwsSolutions-KMS5',
      'NIST.800.53.R5-KMSBackingKeyRotationEnabled',
    ],
  },
  {
    id: 'DP6',
    text: 'Add data retention policies',
    kind: 'infrastructure',
    summary:
      'Retention is configuration with production floors checked at synth (audit logs >= 365 days): bucket lifecycles, log-group retention and backup lifecycles implement it; data-handling.md states the policy.',
    constructs: ['SecureBucket', 'SecureLogGroup'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath: 'LifecycleConfiguration.Rules[*].NoncurrentVersionExpiration.NoncurrentDays',
        expected: m.every(m.atLeast(1)),
        test: T.bucketsSecureDeletion,
        proves: 'Every bucket expires old object versions after the configured days',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath: 'LifecycleConfiguration.Rules[*].ExpirationInDays',
        expected: m.every(m.atLeast(1)),
        quantifier: 'some',
        test: T.accessLogs,
        proves: 'Server access logs expire after retention.accessLogDays',
      }),
      unitTest(T.auditRetention, 'Production configs cannot keep audit logs for less than 365 days'),
      file('docs/data-handling.md', 'The retention policy per data class', '## Retention'),
    ],
    frameworks: { fsbp: ['S3.13'], nist: ['SI-12', 'AU-11'], soc2: ['C1.2'] },
    nagRules: ['NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod'],
  },
  {
    id: 'DP7',
    text: 'Secure backup encryption',
    kind: 'infrastructure',
    summary:
      'AWS Backup vaults are encrypted with the dedicated backup key (usable only through AWS Backup by this account), copies go to the backup region, and vault access policies deny deletion of recovery points.',
    constructs: ['DataClassKeys'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::KMS::Key',
        propertyPath: 'KeyPolicy.Statement',
        expected: m.includes({ Sid: 'UseThroughBackupOnly' }),
        quantifier: 'some',
        test: T.keyPrincipals,
        proves: 'A dedicated backup key exists, usable only through AWS Backup',
      }),
    ],
    frameworks: { fsbp: ['Backup.1'], nist: ['CP-9(8)', 'SC-28'], soc2: ['A1.2', 'C1.1'] },
    nagRules: [],
  },
  {
    id: 'DP8',
    text: 'Implement secure deletion',
    kind: 'infrastructure',
    summary:
      'Old object versions are expired by lifecycle rules, incomplete uploads are aborted, and keys keep a 30-day deletion window so deleting a key (crypto-shredding) is deliberate and reversible until it completes; stateful resources are retained, never deleted with a stack.',
    constructs: ['SecureBucket', 'DataClassKeys'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath: 'LifecycleConfiguration.Rules[*].AbortIncompleteMultipartUpload.DaysAfterInitiation',
        expected: m.every(m.atMost(7)),
        test: T.bucketsSecureDeletion,
        proves: 'Incomplete multipart uploads are deleted within a week',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath: 'LifecycleConfiguration.Rules[*].NoncurrentVersionExpiration.NoncurrentDays',
        expected: m.every(m.atLeast(1)),
        test: T.bucketsSecureDeletion,
        proves: 'Replaced and deleted object versions are removed after the retention window',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::KMS::Key',
        propertyPath: 'PendingWindowInDays',
        expected: 30,
        test: T.keysRotate,
        proves: 'Key deletion waits 30 days (time to detect and cancel an unplanned deletion)',
      }),
      file('docs/data-handling.md', 'Deletion procedure', '## Secure deletion'),
    ],
    frameworks: { nist: ['MP-6', 'SI-12'], soc2: ['C1.2'] },
    nagRules: [],
  },

  // Phase 5: Infrastructure Security -----------------------------------------------------------------
  {
    id: 'IS1',
    text: 'Configure security headers',
    kind: 'infrastructure',
    summary:
      'A CloudFront response-headers policy on every behaviour sets CSP, X-Frame-Options, X-Content-Type-Options, HSTS, Referrer-Policy and Permissions-Policy, overriding whatever the origin sends.',
    constructs: ['SecureSiteDistribution'],
    evidence: [],
    frameworks: { nist: ['SC-8', 'SC-18', 'SI-10'], soc2: ['CC6.6'] },
    nagRules: [],
  },
  {
    id: 'IS1a',
    text: 'Content-Security-Policy',
    kind: 'infrastructure',
    summary:
      'Strict CSP by default (default-src self, frame-ancestors none, object-src none, base-uri self); configuration validation rejects unsafe-eval, plain http sources and bare wildcards.',
    constructs: ['SecureSiteDistribution'],
    evidence: [],
    frameworks: { nist: ['SC-18', 'SI-10'], soc2: ['CC6.6'] },
    nagRules: [],
  },
  {
    id: 'IS1b',
    text: 'X-Frame-Options',
    kind: 'infrastructure',
    summary: 'X-Frame-Options: DENY (with CSP frame-ancestors none) prevents clickjacking.',
    constructs: ['SecureSiteDistribution'],
    evidence: [],
    frameworks: { nist: ['SC-18'], soc2: ['CC6.6'] },
    nagRules: [],
  },
  {
    id: 'IS1c',
    text: 'X-Content-Type-Options',
    kind: 'infrastructure',
    summary: 'X-Content-Type-Options: nosniff stops browsers from MIME-sniffing responses into scripts.',
    constructs: ['SecureSiteDistribution'],
    evidence: [],
    frameworks: { nist: ['SI-10'], soc2: ['CC6.6'] },
    nagRules: [],
  },
  {
    id: 'IS1d',
    text: 'Strict-Transport-Security',
    kind: 'infrastructure',
    summary:
      'HSTS for two years with includeSubDomains and preload; the distribution redirects or rejects plain HTTP.',
    constructs: ['SecureSiteDistribution'],
    evidence: [],
    frameworks: { fsbp: ['CloudFront.3'], nist: ['SC-8', 'SC-8(1)', 'SC-23'], soc2: ['CC6.7'] },
    nagRules: [],
  },
  {
    id: 'IS1e',
    text: 'Referrer-Policy',
    kind: 'infrastructure',
    summary:
      'Referrer-Policy: strict-origin-when-cross-origin keeps paths and query strings out of cross-origin referrers.',
    constructs: ['SecureSiteDistribution'],
    evidence: [],
    frameworks: { nist: ['AC-4'], soc2: ['CC6.7'] },
    nagRules: [],
  },
  {
    id: 'IS2',
    text: 'Configure WAF rules (if applicable)',
    kind: 'infrastructure',
    summary:
      'AWS WAF web ACLs on CloudFront and on the API stage: IP deny list, size limits, rate limits, AWS managed rule groups (Common, KnownBadInputs, SQLi, IP reputation, anonymous IP, optional Linux/Unix/Bot Control), logging with sensitive headers redacted.',
    constructs: ['WebAcl', 'EdgeGlobalStack', 'ApiStack'],
    evidence: [],
    frameworks: {
      fsbp: ['WAF.10', 'WAF.11', 'CloudFront.6', 'APIGateway.4'],
      nist: ['SC-7', 'SI-4', 'SC-5'],
      soc2: ['CC6.6'],
    },
    nagRules: [
      'AwsSolutions-APIG3',
      'AwsSolutions-CFR2',
      'NIST.800.53.R5-APIGWAssociatedWithWAF',
      'NIST.800.53.R5-WAFv2LoggingEnabled',
    ],
  },
  {
    id: 'IS3',
    text: 'Set up DDoS protection',
    kind: 'infrastructure',
    summary:
      'Shield Standard (always on) with CloudFront in front, WAF rate-based rules and alarms everywhere; where configured (edge.shield.advanced), Shield Advanced protections, a protection group, automatic application-layer mitigation and SRT access. Shield Advanced costs USD 3,000/month per organization.',
    constructs: ['ShieldProtection', 'WebAcl', 'SecureSiteDistribution'],
    evidence: [],
    frameworks: { nist: ['SC-5', 'SC-5(2)'], soc2: ['A1.1', 'CC6.6'] },
    nagRules: [],
  },
  {
    id: 'IS4',
    text: 'Secure server configuration',
    kind: 'infrastructure',
    summary:
      'There are no servers to harden: compute is Lambda through SecureFunction (latest runtime, own least-privilege role, reserved concurrency, encrypted logs); managed services run with TLS-only and encrypted settings.',
    constructs: ['SecureFunction', 'ManagedPolicyRole'],
    evidence: [
      unitTest(T.fnRuntime, 'Functions run the latest Node.js runtime'),
      unitTest(T.fnConcurrency, 'Functions have reserved concurrency'),
      unitTest(T.fnRole, 'Function roles carry no AWS-managed or inline policies'),
      unitTest(T.fnLogs, 'Function logs are KMS-encrypted with retention'),
    ],
    frameworks: { fsbp: ['Lambda.2'], nist: ['CM-6', 'CM-7', 'SI-2'], soc2: ['CC5.2'] },
    nagRules: ['AwsSolutions-L1', 'NIST.800.53.R5-LambdaConcurrency'],
  },
  {
    id: 'IS5',
    text: 'Configure network segmentation',
    kind: 'infrastructure',
    summary:
      'Three-tier VPC (public, app, data) with tier network ACLs, tier security groups that reference each other, no public IPs, the data tier without any route out, private endpoints for AWS services, flow logs to CloudWatch and the archive, and the default security group emptied.',
    constructs: ['SegmentedVpc', 'TierNetworkAcls', 'PrivateServiceEndpoints', 'NetworkStack'],
    evidence: [],
    frameworks: {
      cis: ['3.7', '5.1', '5.2', '5.4'],
      fsbp: ['EC2.2', 'EC2.6', 'EC2.15', 'EC2.21'],
      nist: ['SC-7', 'SC-7(5)', 'AC-4'],
      soc2: ['CC6.6'],
    },
    nagRules: [
      'AwsSolutions-VPC7',
      'AwsSolutions-EC23',
      'NIST.800.53.R5-VPCFlowLogsEnabled',
      'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      'NIST.800.53.R5-EC2RestrictedSSH',
    ],
  },
  {
    id: 'IS6',
    text: 'Implement container security',
    kind: 'infrastructure',
    summary:
      'The baseline deploys no containers itself (compute is Lambda via SecureFunction), but every container image pushed to the account is scanned: ECR enhanced scanning on push for all repositories and Amazon Inspector for ECR, EC2 and Lambda, with findings routed through Security Hub to the security topic. Image hardening (read-only root file systems, no privileged tasks, immutable tags) is in developer-security-checklist.md.',
    constructs: ['ThreatDetection'],
    evidence: [],
    frameworks: { fsbp: ['ECR.1', 'Inspector.2'], nist: ['CM-7', 'RA-5'] },
    nagRules: [],
  },
  {
    id: 'IS7',
    text: 'Secure CI/CD pipeline',
    kind: 'infrastructure',
    summary:
      'GitHub Actions with least-privilege permissions and actions pinned to commit SHAs; deploys assume an AWS role through OIDC (no stored keys), limited to the main branch and a protected environment with required reviewers, running cdk diff before cdk deploy.',
    constructs: ['GitHubDeployRole', 'GuardrailsStack'],
    evidence: [
      file('.github/workflows/ci.yml', 'The CI workflow exists', 'permissions:'),
      unitTest(T.ciPinned, 'Every action is pinned to a 40-character commit SHA'),
      unitTest(T.ciPermissions, 'Every workflow and job declares its permissions'),
      unitTest(T.ciDeploy, 'Deploys use OIDC, a protected environment and cdk diff before cdk deploy'),
    ],
    frameworks: { nist: ['SA-10', 'CM-3', 'SR-3'], soc2: ['CC8.1'] },
    nagRules: [],
  },
  {
    id: 'IS8',
    text: 'Review cloud security settings',
    kind: 'infrastructure',
    summary:
      'Before deploy: four cdk-nag packs (AWS Solutions, NIST 800-53 R5, HIPAA, PCI DSS) gate every synth and test run, and the compliance report lists every rule evaluated and every acknowledgment. After deploy: AWS Config and Security Hub (FSBP, CIS) evaluate the live accounts continuously.',
    constructs: [],
    evidence: [
      unitTest(T.nagGate, 'No unacknowledged finding in any environment'),
      unitTest(T.nagCanFail, 'The gate fails on an insecure resource'),
      unitTest(T.acksRecorded, 'Every acknowledgment carries an auditable reason in the template'),
      unitTest(T.cfnValidator, 'The CloudFormation validator reports nothing'),
    ],
    frameworks: {
      cis: ['3.3', '4.16'],
      fsbp: ['Config.1', 'SecurityHub.1'],
      nist: ['CA-7', 'CM-6', 'RA-5'],
      soc2: ['CC7.1'],
    },
    nagRules: [],
  },

  // Phase 6: API Security ------------------------------------------------------------------------------
  {
    id: 'APIS1',
    text: 'Implement API authentication',
    kind: 'infrastructure',
    summary:
      'Every API method except CORS preflight requires a Cognito user-pool token (authorizer) and an API key identifying the client.',
    constructs: ['SecureRestApi'],
    evidence: [],
    frameworks: { nist: ['IA-2', 'AC-3'], soc2: ['CC6.1'] },
    nagRules: ['AwsSolutions-APIG4', 'AwsSolutions-COG4'],
  },
  {
    id: 'APIS2',
    text: 'Add API rate limiting per user',
    kind: 'infrastructure',
    summary:
      'Each API client has a usage plan (rate, burst, daily quota) bound to its API key, and a WAF rate-based rule aggregates per Authorization header (per user).',
    constructs: ['SecureRestApi', 'WebAcl'],
    evidence: [],
    frameworks: { nist: ['SC-5', 'AC-3'], soc2: ['CC6.6'] },
    nagRules: [],
  },
  {
    id: 'APIS3',
    text: 'Validate all API inputs',
    kind: 'infrastructure',
    summary:
      'API Gateway request validators check request bodies against JSON-schema models and required parameters before the backend is invoked; semantic validation stays in the application (IV1).',
    constructs: ['SecureRestApi'],
    evidence: [],
    frameworks: { nist: ['SI-10'], soc2: ['PI1.2'] },
    nagRules: ['AwsSolutions-APIG2'],
  },
  {
    id: 'APIS4',
    text: 'Add API versioning',
    kind: 'infrastructure',
    summary:
      'The API is published under a version (stage / base path v1), so incompatible changes ship as a new version while the old one keeps its controls.',
    constructs: ['SecureRestApi'],
    evidence: [],
    frameworks: { nist: ['CM-3'], soc2: ['CC8.1'] },
    nagRules: [],
  },
  {
    id: 'APIS5',
    text: 'Implement API logging',
    kind: 'infrastructure',
    summary:
      'JSON access logs to a KMS-encrypted log group and execution logging for every method (without request bodies); X-Ray tracing on the stage.',
    constructs: ['SecureRestApi', 'SecureLogGroup'],
    evidence: [],
    frameworks: { fsbp: ['APIGateway.1'], nist: ['AU-2', 'AU-3', 'AU-12'], soc2: ['CC7.2'] },
    nagRules: ['AwsSolutions-APIG1', 'AwsSolutions-APIG6', 'NIST.800.53.R5-APIGWExecutionLoggingEnabled'],
  },
  {
    id: 'APIS6',
    text: 'Add API key management',
    kind: 'infrastructure',
    summary:
      'One API key per client, generated into a KMS-encrypted Secrets Manager secret (never in config or code), bound to the client’s usage plan; revoking a client removes key and plan.',
    constructs: ['SecureRestApi', 'RotatingSecret'],
    evidence: [],
    frameworks: { nist: ['IA-5', 'IA-5(7)', 'SC-12'], soc2: ['CC6.1'] },
    nagRules: ['NIST.800.53.R5-SecretsManagerUsingKMSKey'],
  },
  {
    id: 'APIS7',
    text: 'Secure CORS configuration',
    kind: 'infrastructure',
    summary:
      'CORS allows only the configured https origins (never *), with the methods and headers the dashboard uses; validation rejects wildcard and plain-http origins.',
    constructs: ['SecureRestApi'],
    evidence: [],
    frameworks: { nist: ['AC-4'], soc2: ['CC6.6'] },
    nagRules: [],
  },
  {
    id: 'APIS8',
    text: 'Add API abuse detection',
    kind: 'infrastructure',
    summary:
      'Alarms on WAF blocked requests, rate-rule matches, API 4xx/5xx rates and per-client throttling notify the security topic; GuardDuty analyses the account’s API activity.',
    constructs: ['WafAbuseAlarms', 'ApiAbuseAlarms'],
    evidence: [],
    frameworks: { nist: ['SI-4', 'AU-6'], soc2: ['CC7.2'] },
    nagRules: ['NIST.800.53.R5-CloudWatchAlarmAction'],
  },

  // Phase 7: Security Monitoring ----------------------------------------------------------------------
  {
    id: 'SM1',
    text: 'Set up security logging',
    kind: 'infrastructure',
    summary:
      'A multi-region CloudTrail trail with log-file validation, KMS encryption and global service events, plus flow logs, WAF logs, API logs and DNS query logs; S3 server access logs for every bucket.',
    constructs: ['SecureBucket', 'SecureLogGroup'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath: 'LoggingConfiguration.DestinationBucketName',
        expected: m.refersTo('AWS::S3::Bucket'),
        where: {
          propertyPath:
            'BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.SSEAlgorithm',
          expected: m.every('aws:kms'),
        },
        test: T.archive,
        proves: 'Access to the log archive is itself logged to the access-log bucket',
      }),
    ],
    frameworks: {
      cis: ['3.1', '3.2', '3.4'],
      fsbp: ['CloudTrail.1', 'CloudTrail.4', 'S3.9'],
      nist: ['AU-2', 'AU-3', 'AU-12'],
      soc2: ['CC7.2'],
    },
    nagRules: [
      'AwsSolutions-S1',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-CloudTrailLogFileValidationEnabled',
      'NIST.800.53.R5-CloudTrailEncryptionEnabled',
    ],
  },
  {
    id: 'SM2',
    text: 'Configure log aggregation',
    kind: 'infrastructure',
    summary:
      'All service logs land in one KMS-encrypted, versioned, access-logged log archive bucket per environment (flow logs in Parquet, Config, WAF); CloudTrail also streams to CloudWatch Logs for metric filters.',
    constructs: ['SecureBucket', 'FoundationStack'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath:
          'BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.KMSMasterKeyID',
        expected: m.every(m.refersTo('AWS::KMS::Key')),
        where: { propertyPath: 'LoggingConfiguration', expected: m.present() },
        test: T.archive,
        proves: 'The central log archive is encrypted with the logs key',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath: 'VersioningConfiguration.Status',
        expected: 'Enabled',
        test: T.bucketsPrivate,
        proves: 'Log buckets keep every version (overwrites and deletes are recoverable)',
      }),
    ],
    frameworks: { fsbp: ['CloudTrail.5'], nist: ['AU-6', 'AU-9', 'AU-12'], soc2: ['CC7.2'] },
    nagRules: ['NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled', 'NIST.800.53.R5-S3BucketVersioningEnabled'],
  },
  {
    id: 'SM3',
    text: 'Implement intrusion detection',
    kind: 'infrastructure',
    summary:
      'GuardDuty with S3, Lambda, RDS and malware protection features analyses CloudTrail, flow logs and DNS logs; findings of severity >= the configured threshold notify the security topic.',
    constructs: ['ThreatDetection', 'AuditStack'],
    evidence: [],
    frameworks: { fsbp: ['GuardDuty.1'], nist: ['SI-4', 'SI-4(4)'], soc2: ['CC7.2'] },
    nagRules: [],
  },
  {
    id: 'SM4',
    text: 'Set up vulnerability scanning (automated)',
    kind: 'infrastructure',
    summary:
      'Amazon Inspector scans Lambda functions (code and dependencies) and ECR images continuously; CI audits npm dependencies on every change and Dependabot proposes updates weekly.',
    constructs: ['AuditStack'],
    evidence: [
      file(
        '.github/workflows/ci.yml',
        'Dependencies are audited on every change',
        'npm audit --audit-level=high',
      ),
      file('.github/dependabot.yml', 'Dependabot proposes updates', 'package-ecosystem: github-actions'),
    ],
    frameworks: { fsbp: ['Inspector.3', 'Inspector.4'], nist: ['RA-5', 'SI-2'], soc2: ['CC7.1'] },
    nagRules: [],
  },
  {
    id: 'SM5',
    text: 'Configure security alerts',
    kind: 'infrastructure',
    summary:
      'CIS 4.1-4.15 metric-filter alarms, EventBridge rules (GuardDuty, Security Hub, root sign-in, key deletion, rotation and backup failures) and abuse alarms all publish to the KMS-encrypted, TLS-only security topic with email subscriptions.',
    constructs: ['SecurityTopic', 'CisAlarms', 'SecurityEventRules', 'AuditStack'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::SNS::Subscription',
        propertyPath: 'Protocol',
        expected: 'email',
        test: T.topicSubs,
        proves: 'The configured security contacts are subscribed to the security topic',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::SNS::TopicPolicy',
        propertyPath: 'PolicyDocument.Statement',
        expected: m.includes({ Sid: 'AllowAlarmAndEventPublishingFromThisAccount' }),
        test: T.topicTls,
        proves: 'Only CloudWatch and EventBridge of this account may publish alarms',
      }),
    ],
    frameworks: {
      cis: [
        '4.1',
        '4.2',
        '4.3',
        '4.4',
        '4.5',
        '4.6',
        '4.7',
        '4.8',
        '4.9',
        '4.10',
        '4.11',
        '4.12',
        '4.13',
        '4.14',
        '4.15',
      ],
      nist: ['SI-4(5)', 'AU-6', 'IR-6'],
      soc2: ['CC7.2', 'CC7.3'],
    },
    nagRules: ['NIST.800.53.R5-CloudWatchAlarmAction', 'AwsSolutions-SNS3', 'NIST.800.53.R5-SNSEncryptedKMS'],
  },
  {
    id: 'SM6',
    text: 'Set up audit trail for sensitive operations',
    kind: 'infrastructure',
    summary:
      'CloudTrail records management events everywhere and S3 data events (object reads and writes) on the data and log buckets; the trail bucket uses Object Lock so records cannot be altered.',
    constructs: ['AuditStack'],
    evidence: [],
    frameworks: {
      cis: ['3.8', '3.9'],
      fsbp: ['S3.22', 'S3.23'],
      nist: ['AU-2', 'AU-9', 'AU-12'],
      soc2: ['CC7.2'],
    },
    nagRules: [],
  },
  {
    id: 'SM7',
    text: 'Implement breach detection',
    kind: 'infrastructure',
    summary:
      'GuardDuty findings, Security Hub high/critical findings, IAM Access Analyzer external-access findings and the CIS alarms are routed to the security topic and drive the incident-response playbooks.',
    constructs: ['AuditStack'],
    evidence: [],
    frameworks: {
      cis: ['1.20', '4.16'],
      fsbp: ['GuardDuty.1', 'SecurityHub.1'],
      nist: ['SI-4', 'IR-4', 'IR-5'],
      soc2: ['CC7.2', 'CC7.3'],
    },
    nagRules: [],
  },
  {
    id: 'SM8',
    text: 'Create incident response plan',
    kind: 'process',
    summary:
      'Incident response plan with roles, severity levels and playbooks, each tied to the alarm or rule that triggers it.',
    constructs: [],
    evidence: [
      file('docs/incident-response.md', 'Roles are defined', '## Roles'),
      file('docs/incident-response.md', 'Severity levels are defined', '## Severity levels'),
      file('docs/incident-response.md', 'Playbooks exist', '## Playbooks'),
    ],
    frameworks: { nist: ['IR-8', 'IR-4'], soc2: ['CC7.4'] },
    nagRules: [],
  },

  // Phase 8: Security Testing ---------------------------------------------------------------------------
  {
    id: 'ST1',
    text: 'Run SAST (Static Application Security Testing)',
    kind: 'process',
    summary:
      'This repository is analysed statically on every change: cdk-nag (four rule packs) over every synthesized template, TypeScript strict type checking and eslint in CI. Application repositories add CodeQL (plan in security-testing.md).',
    constructs: [],
    evidence: [
      unitTest(T.nagGate, 'Static analysis of every template with four rule packs'),
      file('.github/workflows/ci.yml', 'Lint and type checking run in CI', 'npm run typecheck'),
      file('docs/security-testing.md', 'What is analysed where', '## Static analysis'),
    ],
    frameworks: { nist: ['SA-11(1)'], soc2: ['CC8.1'] },
    nagRules: [],
  },
  {
    id: 'ST2',
    text: 'Run DAST (Dynamic Application Security Testing)',
    kind: 'process',
    summary:
      'DAST plan: OWASP ZAP baseline scan against the Dev deployment on every release candidate and a full authenticated scan quarterly, scope and rules of engagement in security-testing.md.',
    constructs: [],
    evidence: [file('docs/security-testing.md', 'DAST scope and schedule', '## DAST')],
    activityRecord:
      'each scan report is attached to the release ticket and linked in docs/security-testing.md ("Results log")',
    frameworks: { nist: ['SA-11(8)', 'RA-5'], soc2: ['CC7.1'] },
    nagRules: [],
  },
  {
    id: 'ST3',
    text: 'Perform dependency scan',
    kind: 'process',
    summary: 'Dependency audit and review on every change in CI, Dependabot weekly (see A3).',
    constructs: [],
    evidence: [
      file('.github/workflows/ci.yml', 'npm audit runs in CI', 'npm audit --audit-level=high'),
      unitTest(T.ciAudit, 'The audit and the dependency review cannot be removed unnoticed'),
    ],
    frameworks: { nist: ['RA-5', 'SA-11'], soc2: ['CC7.1'] },
    nagRules: [],
  },
  {
    id: 'ST4',
    text: 'Conduct penetration testing',
    kind: 'process',
    summary:
      'Yearly external penetration test of the deployed Prod environment and after major changes, by an independent tester, within the AWS penetration-testing policy; scope in security-testing.md.',
    constructs: [],
    evidence: [
      file('docs/security-testing.md', 'Penetration-test scope and schedule', '## Penetration testing'),
    ],
    activityRecord:
      'the tester’s report and the remediation tracking are linked in docs/security-testing.md ("Results log")',
    frameworks: { nist: ['CA-8'], soc2: ['CC4.1'] },
    nagRules: [],
  },
  {
    id: 'ST5',
    text: 'Review access controls',
    kind: 'infrastructure',
    summary:
      'Every synth checks IAM policies (no admin, no wildcard without reason, no inline policies); IAM Access Analyzer reports external access continuously; a quarterly access review is in the runbook.',
    constructs: ['ManagedPolicyRole', 'GuardrailsStack'],
    evidence: [
      unitTest(T.nagGate, 'IAM rules of all four packs pass or carry a reviewed acknowledgment'),
      file('docs/runbook.md', 'Quarterly access review procedure', '## Review access quarterly'),
    ],
    frameworks: { cis: ['1.20'], nist: ['AC-2', 'AC-6(7)'], soc2: ['CC6.2', 'CC6.3'] },
    nagRules: ['AwsSolutions-IAM5', 'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess'],
  },
  {
    id: 'ST6',
    text: 'Test incident response procedures',
    kind: 'process',
    summary:
      'Twice-yearly tabletop exercise of one playbook and a yearly technical drill (simulated GuardDuty finding, key-deletion alarm).',
    constructs: [],
    evidence: [file('docs/incident-response.md', 'Exercise schedule', '## Exercises')],
    activityRecord:
      'exercise minutes and follow-up actions are recorded in docs/incident-response.md ("Exercise log")',
    frameworks: { nist: ['IR-3'], soc2: ['CC7.4'] },
    nagRules: [],
  },
  {
    id: 'ST7',
    text: 'Validate backup recovery',
    kind: 'infrastructure',
    summary:
      'AWS Backup restore testing restores the latest recovery points on a schedule and validates them; failed restore jobs notify the security topic; the runbook has the manual restore procedure.',
    constructs: [],
    evidence: [file('docs/runbook.md', 'Manual restore procedure', '## Restore the database from backup')],
    frameworks: { nist: ['CP-4', 'CP-9(1)'], soc2: ['A1.3'] },
    nagRules: [],
  },
  {
    id: 'ST8',
    text: 'Document security test results',
    kind: 'process',
    summary:
      'Every synth writes the compliance report (JSON, CSV, Markdown, HTML) per environment with every rule evaluated, finding, acknowledgment and evidence row; CI keeps it as a build artifact. Manual test results are logged in security-testing.md.',
    constructs: [],
    evidence: [
      unitTest(T.reportWritten, 'The report is generated for every environment'),
      file('.github/workflows/ci.yml', 'CI uploads the report as an artifact', 'actions/upload-artifact@'),
      file('docs/security-testing.md', 'Results log', '## Results log'),
    ],
    frameworks: { nist: ['SA-11', 'CA-7'], soc2: ['CC4.1'] },
    nagRules: [],
  },

  // Phase 9: Documentation & Training ------------------------------------------------------------------
  {
    id: 'DOC1',
    text: 'Create security policy document',
    kind: 'process',
    summary: 'Security policy with reporting of vulnerabilities and supported versions.',
    constructs: [],
    evidence: [
      file('docs/SECURITY.md', 'Security policy', '## Policy'),
      file('docs/SECURITY.md', 'How to report a vulnerability', '## Reporting a vulnerability'),
      file('docs/SECURITY.md', 'Supported versions', '## Supported versions'),
    ],
    frameworks: { nist: ['PM-1', 'PL-1'], soc2: ['CC5.3'] },
    nagRules: [],
  },
  {
    id: 'DOC2',
    text: 'Document incident response procedures',
    kind: 'process',
    summary:
      'Playbooks for compromised credentials, GuardDuty high findings, root sign-in, key deletion, exfiltration and DDoS.',
    constructs: [],
    evidence: [file('docs/incident-response.md', 'Incident response procedures', '## Playbooks')],
    frameworks: { nist: ['IR-8', 'IR-1'], soc2: ['CC7.4'] },
    nagRules: [],
  },
  {
    id: 'DOC3',
    text: 'Create security checklist for developers',
    kind: 'process',
    summary:
      'Checklist for infrastructure and application changes, including the application-layer items (IV1-IV6, AA5).',
    constructs: [],
    evidence: [file('docs/developer-security-checklist.md', 'Developer checklist', '## Application layer')],
    frameworks: { nist: ['SA-8', 'SA-15'], soc2: ['CC8.1'] },
    nagRules: [],
  },
  {
    id: 'DOC4',
    text: 'Document security architecture',
    kind: 'process',
    summary:
      'Architecture document with stacks, trust boundaries and data flows; a diagram per environment is generated from the templates into the compliance report.',
    constructs: [],
    evidence: [
      file('docs/architecture.md', 'Security architecture', '## Stacks'),
      file('docs/threat-model.md', 'Trust boundaries', '## Data flows and trust boundaries'),
    ],
    frameworks: { nist: ['PL-8'], soc2: ['CC5.2'] },
    nagRules: [],
  },
  {
    id: 'DOC5',
    text: 'Create data handling guidelines',
    kind: 'process',
    summary: 'Data classes, keys, storage, transfer, retention and deletion rules.',
    constructs: [],
    evidence: [file('docs/data-handling.md', 'Data handling guidelines', '## Data classes')],
    frameworks: { nist: ['SI-12', 'MP-6'], soc2: ['C1.1'] },
    nagRules: [],
  },
  {
    id: 'DOC6',
    text: 'Conduct security training for team',
    kind: 'process',
    summary:
      'Onboarding and yearly training built on the developer checklist, the runbook and an incident-response exercise.',
    constructs: [],
    evidence: [file('docs/developer-security-checklist.md', 'Training programme', '## Security training')],
    activityRecord:
      'attendance and dates are recorded in docs/developer-security-checklist.md ("Training log")',
    frameworks: { nist: ['AT-2', 'AT-3'], soc2: ['CC1.4'] },
    nagRules: [],
  },
  {
    id: 'DOC7',
    text: 'Document compliance requirements',
    kind: 'process',
    summary: 'SOC 2 / CIS / NIST summary generated from this catalog (npm run docs), with a staleness test.',
    constructs: [],
    evidence: [file('docs/compliance.md', 'Compliance summary', '## By requirement')],
    frameworks: { nist: ['PL-2', 'CA-2'], soc2: ['CC3.1'] },
    nagRules: [],
  },
  {
    id: 'DOC8',
    text: 'Create security runbook',
    kind: 'process',
    summary:
      'Runbook: rotate a secret, restore the database, unlock a user, respond to each alarm, add an environment, acknowledge a rule.',
    constructs: [],
    evidence: [
      file('docs/runbook.md', 'Secret rotation', '## Rotate a secret now'),
      file('docs/runbook.md', 'Alarm responses', '## Respond to an alarm'),
    ],
    frameworks: { nist: ['IR-4', 'CP-2'], soc2: ['CC7.4', 'CC7.5'] },
    nagRules: [],
  },
];

// ---------------------------------------------------------------------------------------------------------
// Evidence of capabilities built in parallel branches. Move each list into its entry's `evidence` after the
// branch is merged into this one; until then the report shows the entry as `evidence pending`. Rows of the
// network, edge, identity and detection branches use the stack ids, resource types, properties and test
// titles of those branches as merged into main (checked against main's synthesized templates while writing
// them); rows of the data-protection work (stack `Data`) are the announced design and must be confirmed.
// Once moved, the catalog test checks every row strictly in every environment.
// ---------------------------------------------------------------------------------------------------------

const NET = 'test/lib/stacks/network-stack.test.ts';
const EDGE = 'test/lib/stacks/edge-stacks.test.ts';
const SITE = 'test/constructs/edge/secure-site-distribution.test.ts';
const WAF = 'test/constructs/edge/web-acl.test.ts';
const API = 'test/constructs/api/secure-rest-api.test.ts';
const POOL = 'test/constructs/identity/hardened-user-pool.test.ts';
const IDN = 'test/lib/stacks/identity-stack.test.ts';
const GUARD = 'test/lib/stacks/guardrails-stack.test.ts';
const AUDIT = 'test/lib/stacks/audit-stack.test.ts';
const DATA = 'test/lib/stacks/data-stack.test.ts';
const HEADERS = 'ResponseHeadersPolicyConfig.SecurityHeadersConfig';
const managedGroups = 'Rules[*].Statement.ManagedRuleGroupStatement.Name';
const PLUS_POOLS = { propertyPath: 'UserPoolTier', expected: 'PLUS' } as const;
const AUTHORIZED_METHODS = {
  propertyPath: 'HttpMethod',
  expected: m.oneOf('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
};

/** Template evidence of the capability stacks, by requirement id; merged into the entries below. */
const CAPABILITY_EVIDENCE: Readonly<Record<string, readonly TemplateEvidence[]>> = {
  IS6: [
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::ECR::RegistryScanningConfiguration',
      propertyPath: 'ScanType',
      expected: 'ENHANCED',
      test: `${AUDIT} › threat detection › Inspector scans EC2, ECR and Lambda; ECR scans every repository on push`,
      proves:
        'Every image pushed to any ECR repository of the account is scanned (enhanced scanning, on push)',
    }),
  ],
  AA1: [
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
      test: `${POOL} › requires 14+ characters of every class, remembers 5 passwords, temporary passwords last 1 day`,
      proves: 'Passwords have 14+ characters of every class and the last 5 cannot be reused',
    }),
  ],
  AA2: [
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPoolRiskConfigurationAttachment',
      propertyPath: 'CompromisedCredentialsRiskConfiguration',
      expected: m.objectLike({
        Actions: { EventAction: 'BLOCK' },
        EventFilter: m.includesAll('SIGN_IN', 'SIGN_UP', 'PASSWORD_CHANGE'),
      }),
      test: `${POOL} › blocks compromised credentials at sign-in, sign-up and password change`,
      proves: 'Breached credentials are blocked at sign-in, sign-up and password change',
    }),
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPool',
      propertyPath: 'UserPoolAddOns.AdvancedSecurityMode',
      expected: 'ENFORCED',
      where: PLUS_POOLS,
      test: `${IDN} › threat protection is on in every PLUS pool, with compromised credentials blocked`,
      proves: 'Threat protection runs in full-function mode on every PLUS pool',
    }),
  ],
  AA3: [
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPool',
      propertyPath: 'MfaConfiguration',
      expected: 'ON',
      where: { propertyPath: 'AdminCreateUserConfig.AllowAdminCreateUserOnly', expected: true },
      quantifier: 'some',
      test: `${IDN} › the admin pool requires MFA and has no self sign-up`,
      proves: 'The admin pool requires MFA',
    }),
    tpl({
      stack: 'Guardrails',
      resourceType: 'AWS::IAM::Role',
      propertyPath: 'AssumeRolePolicyDocument.Statement',
      expected: m.includes({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      quantifier: 'some',
      test: `${GUARD} › the break-glass role trust requires MFA no older than the configured age`,
      proves: 'The break-glass (administrator) role can only be assumed with MFA',
    }),
  ],
  AA4: [
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPoolClient',
      propertyPath: 'AccessTokenValidity',
      expected: m.atMost(60),
      test: `${IDN} › token lifetimes are the configured ones and within Cognito limits, admins shorter`,
      proves: 'Access tokens expire within an hour (minutes)',
    }),
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPoolClient',
      propertyPath: 'AuthSessionValidity',
      expected: m.atMost(15),
      test: `${POOL} › tokens: 15-minute access and ID tokens, 8-hour sessions, rotation, revocation`,
      proves: 'Sign-in sessions expire within 15 minutes',
    }),
  ],
  AA6: [
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPoolClient',
      propertyPath: 'EnableTokenRevocation',
      expected: true,
      test: `${POOL} › tokens: 15-minute access and ID tokens, 8-hour sessions, rotation, revocation`,
      proves: 'Refresh tokens can be revoked',
    }),
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPoolClient',
      propertyPath: 'RefreshTokenRotation.Feature',
      expected: 'ENABLED',
      test: `${POOL} › tokens: 15-minute access and ID tokens, 8-hour sessions, rotation, revocation`,
      proves: 'Refresh tokens rotate on use',
    }),
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPoolClient',
      propertyPath: 'PreventUserExistenceErrors',
      expected: 'ENABLED',
      test: `${POOL} › does not reveal whether a user exists`,
      proves: 'Sign-in errors do not reveal whether a user exists',
    }),
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::Authorizer',
      propertyPath: 'ProviderARNs',
      expected: m.every(m.refersTo('AWS::Cognito::UserPool')),
      test: `${API} › every method uses the user pool authorizer with its scopes`,
      proves: 'API Gateway verifies the user-pool JWT before the backend runs',
    }),
  ],
  AA7: [
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPoolGroup',
      propertyPath: 'GroupName',
      expected: m.oneOf('admin', 'operator', 'viewer'),
      test: `${IDN} › RBAC: admin only in the admin pool, operator and viewer in the user pool`,
      proves: 'Application roles are user-pool groups carried in the token',
    }),
    tpl({
      stack: 'Guardrails',
      resourceType: 'AWS::IAM::Role',
      propertyPath: 'PermissionsBoundary',
      expected: m.regex('workload-boundary$'),
      test: 'test/constructs/iam/workload-permissions-boundary.test.ts › denies creating roles or users that do not carry this boundary',
      proves: 'Roles carry the workload permissions boundary',
    }),
  ],
  AA8: [
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::Cognito::UserPoolRiskConfigurationAttachment',
      propertyPath: 'AccountTakeoverRiskConfiguration.Actions.HighAction.EventAction',
      expected: 'BLOCK',
      test: `${POOL} › adaptive authentication blocks high risk and requires MFA on medium risk`,
      proves: 'High-risk sign-ins are blocked (adaptive authentication)',
    }),
    tpl({
      stack: 'Identity',
      resourceType: 'AWS::WAFv2::WebACLAssociation',
      propertyPath: 'WebACLArn',
      expected: m.refersTo('AWS::WAFv2::WebACL'),
      test: `${IDN} › a rate-based rule blocks an IP over identity.signInRateLimit requests per 5 minutes, on every path`,
      proves: 'Sign-in attempts per IP are rate-limited by WAF',
    }),
  ],
  IV7: [
    tpl({
      stack: 'EdgeGlobal',
      resourceType: 'AWS::WAFv2::WebACL',
      propertyPath: 'Rules[*].Statement.RateBasedStatement.AggregateKeyType',
      expected: m.includes('IP'),
      test: `${WAF} › the per-IP rule aggregates on IP with the configured limit and window, exempting the allow list`,
      proves: 'Requests per client IP are rate-limited at the edge',
    }),
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::Stage',
      propertyPath: 'MethodSettings[*].ThrottlingRateLimit',
      expected: m.every(m.atLeast(1)),
      test: `${API} › the stage is throttled, and the write method more strictly`,
      proves: 'API Gateway throttles the stage and the write methods',
    }),
  ],
  IV8: [
    tpl({
      stack: 'EdgeGlobal',
      resourceType: 'AWS::WAFv2::WebACL',
      propertyPath: 'Rules[*].Statement.OrStatement.Statements[*].SizeConstraintStatement.FieldToMatch',
      expected: m.includes({ Body: m.present() }),
      test: `${WAF} › the size rule blocks bodies, query strings and headers over the limits, oversized bodies and headers included`,
      proves: 'Oversized bodies, query strings and headers are blocked',
    }),
  ],
  DP1: [
    tpl({
      stack: 'Network',
      resourceType: 'AWS::Logs::LogGroup',
      propertyPath: 'KmsKeyId',
      expected: m.refersTo('AWS::KMS::Key'),
      test: `${NET} › the CloudWatch flow-log group is KMS-encrypted, keeps logs for retention.logDays and is retained`,
      proves: 'Log groups are encrypted with the logs key',
    }),
    tpl({
      stack: 'Api',
      resourceType: 'AWS::SecretsManager::Secret',
      propertyPath: 'KmsKeyId',
      expected: m.refersTo('AWS::KMS::Key'),
      test: `${API} › each client gets an API key whose value is a Secrets Manager reference, never a literal`,
      proves: 'Secrets are encrypted with the secrets key',
    }),
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::CloudTrail::Trail',
      propertyPath: 'KMSKeyId',
      expected: m.refersTo('AWS::KMS::Key'),
      test: `${AUDIT} › audit trail › encrypts log files with the logs key`,
      proves: 'CloudTrail log files are encrypted with the logs key',
    }),
    tpl({
      stack: 'Data',
      resourceType: 'AWS::RDS::DBCluster',
      propertyPath: 'StorageEncrypted',
      expected: true,
      test: `${DATA} › storage and Performance Insights are encrypted with the Foundation data key`,
      proves: 'The database is encrypted at rest',
    }),
  ],
  DP2: [
    tpl({
      stack: 'Site',
      resourceType: 'AWS::CloudFront::Distribution',
      propertyPath: 'DistributionConfig.ViewerCertificate.MinimumProtocolVersion',
      expected: 'TLSv1.2_2021',
      enabledWhen: whenConfig('environment.production', true),
      test: `${SITE} › viewers must use HTTPS, with TLSv1.2_2021 and SNI on the custom certificate`,
      proves: 'Viewers must use TLS 1.2 or later (custom certificate; production requires one)',
    }),
    tpl({
      stack: 'Site',
      resourceType: 'AWS::CloudFront::Distribution',
      propertyPath: 'DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy',
      expected: m.oneOf('https-only', 'redirect-to-https'),
      test: `${SITE} › viewers must use HTTPS, with TLSv1.2_2021 and SNI on the custom certificate`,
      proves: 'The distribution never serves plain HTTP',
    }),
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::DomainName',
      propertyPath: 'SecurityPolicy',
      expected: 'TLS_1_2',
      enabledWhen: whenConfig('environment.production', true),
      test: `${API} › the custom domain uses the TLS 1.2 policy, maps base path v1, and the default endpoint is disabled`,
      proves: 'The API accepts TLS 1.2 or later only',
    }),
    tpl({
      stack: 'Data',
      resourceType: 'AWS::RDS::DBClusterParameterGroup',
      propertyPath: 'Parameters["rds.force_ssl"]',
      expected: m.oneOf('1', 1),
      test: 'test/constructs/data/encrypted-database.test.ts › forces TLS 1.2+ through the cluster parameter group',
      proves: 'The database requires TLS',
    }),
  ],
  DP4: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::SecretsManager::Secret',
      propertyPath: 'KmsKeyId',
      expected: m.refersTo('AWS::KMS::Key'),
      test: `${EDGE} › no template contains an API key value: keys are Secrets Manager references`,
      proves: 'Client API keys are generated into Secrets Manager under the secrets key',
    }),
  ],
  DP5: [
    tpl({
      stack: 'Data',
      resourceType: 'AWS::SecretsManager::RotationSchedule',
      propertyPath: 'RotationRules.ScheduleExpression',
      expected: m.present(),
      test: `${DATA} › the master credentials rotate on the configured schedule`,
      proves: 'Every secret rotates on a schedule',
    }),
  ],
  DP6: [
    tpl({
      stack: 'Network',
      resourceType: 'AWS::Logs::LogGroup',
      propertyPath: 'RetentionInDays',
      expected: m.atLeast(1),
      test: `${NET} › the CloudWatch flow-log group is KMS-encrypted, keeps logs for retention.logDays and is retained`,
      proves: 'Log groups keep logs for the configured retention',
    }),
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::S3::Bucket',
      propertyPath: 'ObjectLockConfiguration.Rule.DefaultRetention.Days',
      expected: m.atLeast(1),
      test: `${AUDIT} › trail bucket › is KMS-encrypted with the logs key, versioned, private and retained`,
      proves: 'Audit log files are kept (locked) for the configured days',
    }),
    tpl({
      stack: 'Data',
      resourceType: 'AWS::Backup::BackupPlan',
      propertyPath: 'BackupPlan.BackupPlanRule[*].Lifecycle.DeleteAfterDays',
      expected: m.every(m.atLeast(1)),
      test: `${DATA} › the daily rule keeps continuous backups for the configured days`,
      proves: 'Backups expire after the configured retention',
    }),
  ],
  DP7: [
    tpl({
      stack: 'Data',
      resourceType: 'AWS::Backup::BackupVault',
      propertyPath: 'EncryptionKeyArn',
      expected: m.refersTo('AWS::KMS::Key'),
      test: `${DATA} › the vault is encrypted with the Foundation backup key and locked as configured`,
      proves: 'Recovery points are encrypted with the backup key',
    }),
    tpl({
      stack: 'Data',
      resourceType: 'AWS::Backup::BackupPlan',
      propertyPath: 'BackupPlan.BackupPlanRule[*].CopyActions',
      expected: m.every(m.present()),
      test: `${DATA} › every backup rule copies to the vault of the DataBackupCopy stack in the backup region`,
      proves: 'Recovery points are copied to the backup region',
    }),
  ],
  IS1: [
    tpl({
      stack: 'Site',
      resourceType: 'AWS::CloudFront::Distribution',
      propertyPath: 'DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId',
      expected: m.refersTo('AWS::CloudFront::ResponseHeadersPolicy'),
      test: `${SITE} › HSTS: two years, includeSubDomains, preload, overriding the origin`,
      proves: 'The security-headers policy applies to the distribution',
    }),
  ],
  IS1a: [
    tpl({
      stack: 'Site',
      resourceType: 'AWS::CloudFront::ResponseHeadersPolicy',
      propertyPath: `${HEADERS}.ContentSecurityPolicy.ContentSecurityPolicy`,
      expected: m.regex("frame-ancestors 'none'"),
      test: `${SITE} › CSP: the strict default`,
      proves: 'A strict CSP is sent with every response',
    }),
  ],
  IS1b: [
    tpl({
      stack: 'Site',
      resourceType: 'AWS::CloudFront::ResponseHeadersPolicy',
      propertyPath: `${HEADERS}.FrameOptions.FrameOption`,
      expected: 'DENY',
      test: `${SITE} › X-Frame-Options: DENY`,
      proves: 'X-Frame-Options: DENY',
    }),
  ],
  IS1c: [
    tpl({
      stack: 'Site',
      resourceType: 'AWS::CloudFront::ResponseHeadersPolicy',
      propertyPath: `${HEADERS}.ContentTypeOptions.Override`,
      expected: true,
      test: `${SITE} › X-Content-Type-Options: nosniff`,
      proves: 'X-Content-Type-Options: nosniff, overriding the origin',
    }),
  ],
  IS1d: [
    tpl({
      stack: 'Site',
      resourceType: 'AWS::CloudFront::ResponseHeadersPolicy',
      propertyPath: `${HEADERS}.StrictTransportSecurity`,
      expected: m.objectLike({
        AccessControlMaxAgeSec: m.atLeast(31536000),
        IncludeSubdomains: true,
        Preload: true,
      }),
      test: `${SITE} › HSTS: two years, includeSubDomains, preload, overriding the origin`,
      proves: 'HSTS for at least a year, with subdomains and preload',
    }),
  ],
  IS1e: [
    tpl({
      stack: 'Site',
      resourceType: 'AWS::CloudFront::ResponseHeadersPolicy',
      propertyPath: `${HEADERS}.ReferrerPolicy.ReferrerPolicy`,
      expected: m.oneOf('strict-origin-when-cross-origin', 'no-referrer', 'same-origin', 'strict-origin'),
      test: `${SITE} › Referrer-Policy: strict-origin-when-cross-origin`,
      proves: 'Referrers do not leak paths cross-origin',
    }),
  ],
  IS2: [
    tpl({
      stack: 'EdgeGlobal',
      resourceType: 'AWS::WAFv2::WebACL',
      propertyPath: managedGroups,
      expected: m.includesAll(
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesSQLiRuleSet',
        'AWSManagedRulesAmazonIpReputationList',
      ),
      test: `${WAF} › managed groups are AWS groups that keep their own actions; Bot Control uses the common level`,
      proves:
        'CloudFront: managed rule groups for common exploits, bad inputs, SQL injection and IP reputation',
    }),
    tpl({
      stack: 'Api',
      resourceType: 'AWS::WAFv2::WebACL',
      propertyPath: managedGroups,
      expected: m.includesAll('AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet'),
      test: `${EDGE} › the API stage is associated with a REGIONAL web ACL`,
      proves: 'API: the regional web ACL runs the same managed rule groups',
    }),
    tpl({
      stack: 'EdgeGlobal',
      resourceType: 'AWS::WAFv2::LoggingConfiguration',
      propertyPath: 'RedactedFields',
      expected: m.includesAll(
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'cookie' } },
      ),
      test: `${WAF} › the Authorization, Cookie and X-Api-Key headers are redacted from the logs`,
      proves: 'WAF logs are on, with credentials redacted',
    }),
    tpl({
      stack: 'Api',
      resourceType: 'AWS::WAFv2::WebACLAssociation',
      propertyPath: 'WebACLArn',
      expected: m.refersTo('AWS::WAFv2::WebACL'),
      test: `${API} › the regional web ACL is associated with the stage`,
      proves: 'The API stage is behind WAF',
    }),
  ],
  IS3: [
    tpl({
      stack: 'SiteGlobal',
      resourceType: 'AWS::Shield::Protection',
      propertyPath: 'ApplicationLayerAutomaticResponseConfiguration.Status',
      expected: 'ENABLED',
      enabledWhen: whenConfig('edge.shield.advanced', true),
      test: `${EDGE} › Shield Advanced protects the distribution with automatic mitigation, health check, group, SRT and proactive engagement`,
      proves: 'Shield Advanced protects the distribution with automatic application-layer mitigation',
    }),
    tpl({
      stack: 'EdgeGlobal',
      resourceType: 'AWS::WAFv2::WebACL',
      propertyPath: 'Rules[*].Statement.RateBasedStatement.Limit',
      expected: m.every(m.atLeast(10)),
      test: `${EDGE} › EdgeGlobal holds the CLOUDFRONT web ACL with a rate-based rule and its aws-waf-logs- group`,
      proves: 'Rate-based rules absorb request floods (Shield Standard covers L3/L4)',
    }),
  ],
  IS4: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::Lambda::Function',
      propertyPath: 'Runtime',
      expected: 'nodejs24.x',
      test: 'test/constructs/compute/secure-function.test.ts › runs Node.js 24 (the latest Lambda runtime)',
      proves: 'Deployed functions run the latest runtime',
    }),
  ],
  IS5: [
    tpl({
      stack: 'Network',
      resourceType: 'AWS::EC2::Subnet',
      propertyPath: 'MapPublicIpOnLaunch',
      expected: false,
      test: `${NET} › no subnet auto-assigns public IP addresses`,
      proves: 'No subnet hands out public IPs',
    }),
    tpl({
      stack: 'Network',
      resourceType: 'AWS::EC2::FlowLog',
      propertyPath: 'TrafficType',
      expected: 'ALL',
      test: `${NET} › flow logs capture ALL traffic of the VPC to both destinations`,
      proves: 'Flow logs capture accepted and rejected traffic',
    }),
    tpl({
      stack: 'Network',
      resourceType: 'AWS::EC2::SubnetNetworkAclAssociation',
      propertyPath: 'NetworkAclId',
      expected: m.refersTo('AWS::EC2::NetworkAcl'),
      test: `${NET} › each subnet is associated with its own tier network ACL`,
      proves: 'Each subnet is bound to its tier network ACL',
    }),
    tpl({
      stack: 'Network',
      resourceType: 'AWS::EC2::VPCEndpoint',
      propertyPath: 'PrivateDnsEnabled',
      expected: true,
      where: { propertyPath: 'VpcEndpointType', expected: 'Interface' },
      test: `${NET} › one interface endpoint per configured service, with private DNS, in the app tier`,
      proves: 'AWS APIs are reached through private endpoints',
    }),
    tpl({
      stack: 'Network',
      resourceType: 'Custom::VpcRestrictDefaultSG',
      propertyPath: 'DefaultSecurityGroupId',
      expected: m.present(),
      test: `${NET} › the default security group is stripped of all rules`,
      proves: 'The default security group has no rules',
    }),
  ],
  IS7: [
    tpl({
      stack: 'Guardrails',
      resourceType: 'AWS::IAM::Role',
      propertyPath: 'AssumeRolePolicyDocument.Statement',
      expected: m.includes({
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': m.present(),
          },
        },
      }),
      quantifier: 'some',
      test: `${GUARD} › the OIDC deploy role trusts exactly the configured repository subjects`,
      proves: 'CI assumes the deploy role through GitHub OIDC, only for the configured repository subjects',
    }),
  ],
  IS8: [
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::Config::ConfigurationRecorder',
      propertyPath: 'RecordingGroup',
      expected: m.objectLike({ AllSupported: true, IncludeGlobalResourceTypes: true }),
      test: `${AUDIT} › AWS Config › records all supported resource types, global types included, with the service-linked role`,
      proves: 'AWS Config records every resource type',
    }),
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::SecurityHub::Standard',
      propertyPath: 'StandardsArn',
      expected: m.regex('aws-foundational-security-best-practices|cis-aws-foundations-benchmark'),
      quantifier: 'some',
      test: `${AUDIT} › threat detection › Security Hub uses consolidated control findings and only the standards chosen here`,
      proves: 'Security Hub evaluates the FSBP and CIS standards',
    }),
  ],
  APIS1: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::Method',
      propertyPath: 'AuthorizationType',
      expected: 'COGNITO_USER_POOLS',
      where: AUTHORIZED_METHODS,
      test: `${EDGE} › every API method except CORS preflight is authorized, validated and needs an API key`,
      proves: 'Every method requires a user-pool token',
    }),
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::Method',
      propertyPath: 'ApiKeyRequired',
      expected: true,
      where: AUTHORIZED_METHODS,
      test: `${EDGE} › every API method except CORS preflight is authorized, validated and needs an API key`,
      proves: 'Every method requires a client API key',
    }),
  ],
  APIS2: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::UsagePlan',
      propertyPath: 'Throttle.RateLimit',
      expected: m.atLeast(1),
      test: `${API} › each client has a usage plan with throttle, daily quota and a stricter write-method throttle`,
      proves: 'Each client is throttled by its own usage plan',
    }),
    tpl({
      stack: 'EdgeGlobal',
      resourceType: 'AWS::WAFv2::WebACL',
      propertyPath: 'Rules[*].Statement.RateBasedStatement.CustomKeys[*].Header.Name',
      expected: m.includes('authorization'),
      test: `${WAF} › the per-user rules aggregate on the Authorization header and on the API key header`,
      proves: 'Requests per user (Authorization header) are rate-limited',
    }),
  ],
  APIS3: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::RequestValidator',
      propertyPath: 'ValidateRequestBody',
      expected: true,
      test: `${API} › every method has the body-and-parameters request validator`,
      proves: 'Request bodies and parameters are validated against models',
    }),
  ],
  APIS4: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::Stage',
      propertyPath: 'StageName',
      expected: m.regex('^v\\d+$'),
      test: `${API} › execution logging at ERROR without data trace, metrics and X-Ray on, stage v1`,
      proves: 'The API is published as a versioned stage',
    }),
  ],
  APIS5: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::Stage',
      propertyPath: 'AccessLogSetting.DestinationArn',
      expected: m.refersTo('AWS::Logs::LogGroup'),
      test: `${API} › JSON access logs go to a KMS-encrypted log group and never contain the API key value`,
      proves: 'Access logs are written to an encrypted log group',
    }),
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::Stage',
      propertyPath: 'MethodSettings[*].LoggingLevel',
      expected: m.every(m.oneOf('INFO', 'ERROR')),
      test: `${API} › execution logging at ERROR without data trace, metrics and X-Ray on, stage v1`,
      proves: 'Execution logging is on, without request data',
    }),
  ],
  APIS6: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::UsagePlanKey',
      propertyPath: 'KeyType',
      expected: 'API_KEY',
      test: `${API} › each client has a usage plan with throttle, daily quota and a stricter write-method throttle`,
      proves: 'Each API key is bound to its client usage plan',
    }),
  ],
  APIS7: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::ApiGateway::Method',
      propertyPath:
        'Integration.IntegrationResponses[*].ResponseParameters["method.response.header.Access-Control-Allow-Origin"]',
      expected: m.every(m.regex("^'https://[^*']+'$")),
      where: { propertyPath: 'HttpMethod', expected: 'OPTIONS' },
      test: `${API} › CORS allows only the listed https origins, with credentials, never *`,
      proves: 'CORS answers only listed https origins, never *',
    }),
  ],
  APIS8: [
    tpl({
      stack: 'Api',
      resourceType: 'AWS::CloudWatch::Alarm',
      propertyPath: 'AlarmActions',
      expected: m.every(m.refersTo('AWS::SNS::Topic')),
      test: `${EDGE} › abuse alarms notify the security topic: WAF spike, rate-rule matches, 4xx, 5xx, per-client throttling`,
      proves: 'API abuse alarms notify the security topic',
    }),
  ],
  SM1: [
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::CloudTrail::Trail',
      propertyPath: 'IsMultiRegionTrail',
      expected: true,
      test: `${AUDIT} › audit trail › is multi-region, includes global service events, validates log files and is logging`,
      proves: 'CloudTrail records every region',
    }),
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::CloudTrail::Trail',
      propertyPath: 'EnableLogFileValidation',
      expected: true,
      test: `${AUDIT} › audit trail › is multi-region, includes global service events, validates log files and is logging`,
      proves: 'Log files can be proven unaltered',
    }),
  ],
  SM2: [
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::CloudTrail::Trail',
      propertyPath: 'CloudWatchLogsLogGroupArn',
      expected: m.refersTo('AWS::Logs::LogGroup'),
      test: `${AUDIT} › audit trail › delivers to a KMS-encrypted log group with audit retention, through a role limited to it`,
      proves: 'CloudTrail events reach CloudWatch Logs for the CIS metric filters',
    }),
    tpl({
      stack: 'Network',
      resourceType: 'AWS::EC2::FlowLog',
      propertyPath: 'LogDestinationType',
      expected: 's3',
      quantifier: 'some',
      test: `${NET} › the archive flow log writes Parquet under vpc-flow-logs/ of the KMS log archive bucket`,
      proves: 'Flow logs are aggregated in the log archive',
    }),
  ],
  SM3: [
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::GuardDuty::Detector',
      propertyPath: 'Enable',
      expected: true,
      test: `${AUDIT} › threat detection › GuardDuty publishes findings every 15 minutes with the configured protection plans`,
      proves: 'GuardDuty is on',
    }),
  ],
  SM4: [
    tpl({
      stack: 'Audit',
      resourceType: 'Custom::InspectorEnabler',
      propertyPath: 'Create',
      expected: m.regex('"service":"Inspector2".*LAMBDA'),
      test: `${AUDIT} › threat detection › Inspector scans EC2, ECR and Lambda; ECR scans every repository on push`,
      proves: 'Amazon Inspector scans EC2, ECR and Lambda',
    }),
  ],
  SM5: [
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::CloudWatch::Alarm',
      propertyPath: 'AlarmActions',
      expected: m.every(m.refersTo('AWS::SNS::Topic')),
      test: `${AUDIT} › CIS AWS Foundations v3.0.0 section 4 monitoring › one filter on the trail log group and one alarm per control`,
      proves: 'Every CIS alarm notifies the security topic',
    }),
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::Events::Rule',
      propertyPath: 'Targets[*].Arn',
      expected: m.every(m.refersTo('AWS::SNS::Topic')),
      quantifier: 'some',
      test: `${AUDIT} › security event rules › the GuardDuty rule notifies at the configured severity`,
      proves: 'Security events are forwarded to the security topic',
    }),
  ],
  SM6: [
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::CloudTrail::Trail',
      propertyPath: 'AdvancedEventSelectors[*].FieldSelectors[*].Equals',
      expected: m.includes(m.includes('Data')),
      test: `${AUDIT} › audit trail › records S3 data events as configured (never the trail bucket itself)`,
      proves: 'Object-level reads and writes are recorded',
    }),
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::S3::Bucket',
      propertyPath: 'ObjectLockEnabled',
      expected: true,
      test: `${AUDIT} › trail bucket › is KMS-encrypted with the logs key, versioned, private and retained`,
      proves: 'The trail bucket uses Object Lock, so records cannot be altered',
    }),
  ],
  SM7: [
    tpl({
      stack: 'Guardrails',
      resourceType: 'AWS::AccessAnalyzer::Analyzer',
      propertyPath: 'Type',
      expected: m.present(),
      test: `${GUARD} › has both IAM Access Analyzers`,
      proves: 'External and unused access is detected',
    }),
    tpl({
      stack: 'Audit',
      resourceType: 'AWS::SecurityHub::Hub',
      propertyPath: 'ControlFindingGenerator',
      expected: 'SECURITY_CONTROL',
      test: `${AUDIT} › threat detection › Security Hub uses consolidated control findings and only the standards chosen here`,
      proves: 'Security Hub aggregates findings',
    }),
  ],
  ST5: [
    tpl({
      stack: 'Guardrails',
      resourceType: 'AWS::AccessAnalyzer::Analyzer',
      propertyPath: 'Type',
      expected: m.present(),
      test: `${GUARD} › has both IAM Access Analyzers`,
      proves: 'Access is reviewed continuously by IAM Access Analyzer',
    }),
  ],
  ST7: [
    tpl({
      stack: 'Data',
      resourceType: 'AWS::Backup::RestoreTestingPlan',
      propertyPath: 'ScheduleExpression',
      expected: m.present(),
      test: `${DATA} › the database is restored on the configured schedule and validated`,
      proves: 'Restores are tested on a schedule',
    }),
  ],
};

/** The catalog: every entry with its foundation and capability evidence. */
export const CATALOG: readonly CatalogEntry[] = ENTRIES.map((entry) => ({
  ...entry,
  evidence: [...entry.evidence, ...(CAPABILITY_EVIDENCE[entry.id] ?? [])],
}));

/**
 * Evidence still waiting for a capability that is not built yet, by requirement id: the report shows
 * such items as `evidence pending`, never `met`. Empty: every capability stack is in the app.
 */
export const PENDING_EVIDENCE: Readonly<Record<string, readonly TemplateEvidence[]>> = {};

/**
 * Construct and stack classes that the catalog and the docs may name before they exist. Tests fail if
 * any of them exists (then remove it here) and if a name outside this list does not exist.
 */
export const PENDING_CONSTRUCTS: readonly string[] = [];
