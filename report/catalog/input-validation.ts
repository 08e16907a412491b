/** Phase 3: Input Validation & Sanitization: the catalog entries IV1 ... of the requirements document. */
import { type CatalogEntry, m } from './types';
import { API, tpl, WAF } from './rows';

export const INPUT_VALIDATION: readonly CatalogEntry[] = [
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
    evidence: [
      tpl({
        stack: 'EdgeGlobal',
        resourceType: 'AWS::WAFv2::WebACL',
        propertyPath: 'Rules[*].Statement.RateBasedStatement.AggregateKeyType',
        expected: m.includes('IP'),
        test: `${WAF} › WebAcl › the per-IP rule aggregates on IP with the configured limit and window, exempting the allow list`,
        proves: 'Requests per client IP are rate-limited at the edge',
      }),
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::Stage',
        propertyPath: 'MethodSettings[*].ThrottlingRateLimit',
        expected: m.every(m.atLeast(1)),
        test: `${API} › SecureRestApi (IAM authorization, no custom domain) › the stage is throttled, and the write method more strictly`,
        proves: 'API Gateway throttles the stage and the write methods',
      }),
    ],
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
    evidence: [
      tpl({
        stack: 'EdgeGlobal',
        resourceType: 'AWS::WAFv2::WebACL',
        propertyPath: 'Rules[*].Statement.OrStatement.Statements[*].SizeConstraintStatement.FieldToMatch',
        expected: m.includes({ Body: m.present() }),
        test: `${WAF} › WebAcl › the size rule blocks bodies, query strings and headers over the limits, oversized bodies and headers included`,
        proves: 'Oversized bodies, query strings and headers are blocked',
      }),
    ],
    frameworks: { nist: ['SC-5', 'SI-10'], soc2: ['CC6.6'] },
    nagRules: [],
  },
];
