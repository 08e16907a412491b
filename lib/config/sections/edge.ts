import { isIPv6 } from 'node:net';
import { z } from 'zod';
import { ISO_3166_ALPHA2, SHIELD_CONTACT_NOTES, VALUE_LIMITS } from '../../../constructs/core/aws-limits';
import {
  DEFAULT_PERMISSIONS_POLICY,
  STRICT_CSP as DEFAULT_CSP,
} from '../../../constructs/edge/edge-constants';
import { EVALUATION_WINDOWS, RATE_LIMIT_MAX, RATE_LIMIT_MIN } from '../../../constructs/edge/edge-constants';
import type { Problem, Rule } from '../problem';
import { email } from './common';

/**
 * Edge and API protection: WAF web ACLs (CloudFront and regional), the front-end distribution, the
 * REST API, abuse alarms and Shield Advanced. Limits below are AWS's, checked so a bad value fails
 * at synth instead of at deploy.
 */

/** AWS WAF's rate-based rule limits and windows (AWS WAF Developer Guide, "Rate-based rule high-level settings"; the minimum was 100 before 2024). */
export const WAF_RATE_LIMIT_MIN = RATE_LIMIT_MIN;
export const WAF_RATE_LIMIT_MAX = RATE_LIMIT_MAX;
export const WAF_EVALUATION_WINDOWS = EVALUATION_WINDOWS;
/** AWS WAF inspects at most this much of a CloudFront / API Gateway request body by default (16 KB). */
export const WAF_BODY_INSPECTION_LIMIT = 16_384;
/** AWS WAF inspects at most the first 8 KB of request headers. */
export const WAF_HEADER_INSPECTION_LIMIT = 8_192;

export { DEFAULT_CSP, DEFAULT_PERMISSIONS_POLICY };

const rateLimit = (what: string) =>
  z
    .number()
    .int()
    .min(WAF_RATE_LIMIT_MIN, {
      error: (iss) =>
        `${String(iss.input)} is below AWS WAF's minimum rate limit of ${WAF_RATE_LIMIT_MIN} requests per evaluation window; set ${WAF_RATE_LIMIT_MIN} or more`,
    })
    .max(WAF_RATE_LIMIT_MAX, { error: (iss) => `${String(iss.input)} is above AWS WAF's maximum rate limit` })
    .describe(what);

/** `https://host[:port]` without path, query or wildcard: what browsers send as Origin. */
export const httpsOrigin = z
  .string()
  .refine((o) => /^https:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i.test(o), {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not an https origin; use https://host[:port] without path or wildcard (plain http is not allowed)`,
  });

const domainName = z.string().regex(/^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a lower-case DNS name such as app.example.com`,
});

const acmCertificateArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not an ACM certificate ARN (arn:<partition>:acm:<region>:<account>:certificate/<id>)`,
  });

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;

/** 'ipv4', 'ipv6' or undefined for a CIDR string (IPv6 addresses checked by node:net). */
export function cidrFamily(c: string): 'ipv4' | 'ipv6' | undefined {
  if (IPV4_CIDR.test(c)) return 'ipv4';
  const m = /^([0-9a-f:.]+)\/(\d{1,3})$/i.exec(c);
  return m && isIPv6(m[1]) && Number(m[2]) <= 128 ? 'ipv6' : undefined;
}

/** https://docs.aws.amazon.com/waf/latest/APIReference/API_IPSet.html: "all ... CIDR ranges except for /0". */
const WAF_IP_SET_DOC = 'https://docs.aws.amazon.com/waf/latest/APIReference/API_IPSet.html';

const cidr = (list: 'ipAllowList' | 'ipDenyList') =>
  z
    .string()
    .refine((c) => cidrFamily(c) !== undefined, {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not an IPv4 or IPv6 CIDR such as 203.0.113.0/24 or 2001:db8::/32`,
    })
    .refine((c) => !c.endsWith('/0'), {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is every address: AWS WAF IP sets do not accept /0 (${WAF_IP_SET_DOC})${list === 'ipAllowList' ? ', and in ipAllowList it would exempt every client from rate limiting and geo blocking' : ''}; list the actual ranges`,
      when: (p) => typeof p.value === 'string' && cidrFamily(p.value) !== undefined,
    });

/** A WAF IP list: each family becomes one IP set, which holds at most 10,000 addresses. */
const cidrList = (what: 'ipAllowList' | 'ipDenyList') =>
  z
    .array(cidr(what))
    .superRefine((list, ctx) => {
      const max = VALUE_LIMITS.wafIpSetAddresses.max;
      for (const family of ['ipv4', 'ipv6'] as const) {
        const n = list.filter((c) => cidrFamily(c) === family).length;
        if (n > max) {
          ctx.addIssue({
            code: 'custom',
            message: `${n} ${family.toUpperCase()} CIDRs; an AWS WAF IP set holds at most ${max} addresses (${VALUE_LIMITS.wafIpSetAddresses.doc}); aggregate them into larger ranges`,
          });
        }
      }
      const seen = new Set<string>();
      for (const c of list) {
        if (seen.has(c))
          ctx.addIssue({ code: 'custom', message: `'${c}' is listed twice in ${what}; keep one` });
        seen.add(c);
      }
    })
    .default([]);

/** Sources a CSP may not use: plain-http/ws schemes and hosts, bare wildcards, and eval. */
const CSP_FORBIDDEN = [
  { test: (s: string) => /^(http|ws):/i.test(s), why: 'plain http/ws sources; use https:// or wss://' },
  { test: (s: string) => s === '*', why: "the bare '*' wildcard; list the https origins instead" },
  { test: (s: string) => s === "'unsafe-eval'", why: "'unsafe-eval'" },
];

/** Control characters (CR and LF above all) would split the header: header injection. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Problems of one CSP header value: each names the bad token and the fix. */
export function cspProblems(csp: string): string[] {
  if (CONTROL_CHARACTERS.test(csp)) {
    return [
      'contains a line break or another control character, which would end the header and inject another; write the policy on one line (a YAML folded >- block is fine)',
    ];
  }
  const limit = VALUE_LIMITS.cspHeaderValue;
  if (csp.length > limit.max) {
    return [`is ${csp.length} characters; CloudFront accepts at most ${limit.max} (${limit.doc})`];
  }
  const problems: string[] = [];
  const directives = new Map<string, string[]>();
  for (const part of csp
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    if (!/^[a-z-]+$/.test(name)) problems.push(`'${name}' is not a CSP directive name`);
    directives.set(name.toLowerCase(), sources);
    for (const s of sources) {
      const bad = CSP_FORBIDDEN.find((f) => f.test(s));
      if (bad) problems.push(`'${name} ${s}' is not allowed (${bad.why})`);
    }
  }
  for (const required of ['default-src', 'frame-ancestors']) {
    if (!directives.has(required))
      problems.push(`'${required}' is missing (the strict default is: ${DEFAULT_CSP})`);
  }
  return problems;
}

const contentSecurityPolicy = z.string().superRefine((csp, ctx) => {
  for (const message of cspProblems(csp)) ctx.addIssue({ code: 'custom', message });
});

/** One Permissions-Policy directive: `feature=()`, `feature=(self)`, `feature=*` or a list of quoted https origins. */
const PERMISSIONS_DIRECTIVE = /^[a-z][a-z0-9-]*=(\*|\((\s*(self|"https:\/\/[^"\s]+")\s*)*\))$/;

/** Problems of one Permissions-Policy value (structured-header list, https://www.w3.org/TR/permissions-policy/). */
export function permissionsPolicyProblems(value: string): string[] {
  if (CONTROL_CHARACTERS.test(value)) {
    return [
      'contains a line break or another control character, which would end the header and inject another; write it on one line',
    ];
  }
  return value
    .split(',')
    .map((d) => d.trim())
    .filter((d) => !PERMISSIONS_DIRECTIVE.test(d))
    .map(
      (d) =>
        `'${d}' is not a Permissions-Policy directive; write feature=() to switch a feature off or feature=(self), comma-separated, e.g. ${DEFAULT_PERMISSIONS_POLICY.split(', ').slice(0, 2).join(', ')}`,
    );
}

export const edgeSchema = z
  .strictObject({
    waf: z
      .strictObject({
        rateLimits: z
          .strictObject({
            evaluationWindowSeconds: z
              .number()
              .int()
              .refine((w) => (WAF_EVALUATION_WINDOWS as readonly number[]).includes(w), {
                error: (iss) =>
                  `${String(iss.input)} seconds is not a WAF evaluation window; use one of ${WAF_EVALUATION_WINDOWS.join(', ')}`,
              })
              .meta({ enum: [...WAF_EVALUATION_WINDOWS] as number[] })
              .default(300)
              .describe(
                'Window each rate-based rule counts requests over; AWS WAF accepts 60, 120, 300 or 600 seconds.',
              ),
            perIp: rateLimit(
              'Requests per window from one client IP before WAF answers 429. Omit to disable (not allowed with Shield Advanced).',
            ).optional(),
            perUser: rateLimit(
              'Requests per window for one Authorization header value or one API key (per user / per client).',
            ),
            signIn: rateLimit('Requests per window from one IP to the sign-in paths (stricter than perIp).'),
          })
          .describe('Rate-based rules; blocked requests get a 429 response.'),
        signInPaths: z
          .array(
            z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, {
              error: (iss) => `${JSON.stringify(iss.input)} must be a URI path starting with /`,
            }),
          )
          .min(1)
          .describe('URI path prefixes of the sign-in endpoints the signIn rate limit applies to.'),
        sizeLimits: z
          .strictObject({
            bodyBytes: z
              .number()
              .int()
              .min(1)
              .max(WAF_BODY_INSPECTION_LIMIT, {
                error: (iss) =>
                  `${String(iss.input)} is above the ${WAF_BODY_INSPECTION_LIMIT}-byte body WAF inspects by default; set ${WAF_BODY_INSPECTION_LIMIT} or less`,
              })
              .describe('Largest request body allowed, in bytes (bodies over it are blocked).'),
            queryStringBytes: z
              .number()
              .int()
              .min(1)
              .max(8192)
              .describe('Largest query string allowed, in bytes.'),
            headerBytes: z
              .number()
              .int()
              .min(1)
              .max(WAF_HEADER_INSPECTION_LIMIT, {
                error: (iss) =>
                  `${String(iss.input)} is above the ${WAF_HEADER_INSPECTION_LIMIT}-byte header block WAF inspects; set ${WAF_HEADER_INSPECTION_LIMIT} or less`,
              })
              .describe(
                'Largest single request header allowed, in bytes; header blocks WAF cannot fully inspect are blocked.',
              ),
          })
          .describe('Request size limits, enforced before the managed rule groups.'),
        managedRuleGroups: z
          .strictObject({
            linux: z.boolean().default(false).describe('AWSManagedRulesLinuxRuleSet (LFI on Linux paths).'),
            unix: z
              .boolean()
              .default(false)
              .describe('AWSManagedRulesUnixRuleSet (POSIX command injection).'),
            php: z.boolean().default(false).describe('AWSManagedRulesPHPRuleSet.'),
            wordpress: z.boolean().default(false).describe('AWSManagedRulesWordPressRuleSet.'),
            botControl: z
              .boolean()
              .default(false)
              .describe(
                'AWSManagedRulesBotControlRuleSet (common level). Costs a subscription fee plus per-request charges: off in dev.',
              ),
          })
          .default({ linux: false, unix: false, php: false, wordpress: false, botControl: false })
          .describe(
            'Optional managed rule groups in addition to Common, KnownBadInputs, SQLi, IP reputation and Anonymous IP.',
          ),
        geoBlock: z
          .array(
            z.string().refine((c) => ISO_3166_ALPHA2.includes(c), {
              error: (iss) =>
                iss.input === 'UK'
                  ? `"UK" is not an ISO 3166-1 alpha-2 code; the United Kingdom is "GB"`
                  : `${JSON.stringify(iss.input)} is not an ISO 3166-1 alpha-2 country code (upper case, such as KP or GB)`,
            }),
          )
          .refine((cs) => new Set(cs).size === cs.length, {
            error: (iss) => `${JSON.stringify(iss.input)} lists a country twice`,
          })
          .default([])
          .describe('Countries whose requests are blocked (WAF geo match and CloudFront geo restriction).'),
        ipAllowList: cidrList('ipAllowList').describe(
          'Trusted CIDRs (monitoring, office egress) exempt from rate limiting and geo blocking; still inspected by the managed rules.',
        ),
        ipDenyList: cidrList('ipDenyList').describe('CIDRs whose requests are always blocked (first rule).'),
      })
      .describe('Rules shared by the CloudFront and the regional web ACL.'),
    site: z
      .strictObject({
        domainName: domainName.optional().describe('Custom domain of the front end (needs certificateArn).'),
        certificateArn: acmCertificateArn
          .optional()
          .describe(
            'ACM certificate in us-east-1 for domainName; enables the TLSv1.2_2021 viewer policy. Required in production.',
          ),
        contentSecurityPolicy: contentSecurityPolicy
          .default(DEFAULT_CSP)
          .describe(`Content-Security-Policy header. Default: ${DEFAULT_CSP}`),
        permissionsPolicy: z
          .string()
          .min(1)
          .superRefine((v, ctx) => {
            for (const message of permissionsPolicyProblems(v)) ctx.addIssue({ code: 'custom', message });
          })
          .default(DEFAULT_PERMISSIONS_POLICY)
          .describe(
            'Permissions-Policy header: browser features the dashboard does not use are switched off.',
          ),
        defaultRootObject: z
          .string()
          .regex(/^[A-Za-z0-9_.\-*$~"'&]+(\/[A-Za-z0-9_.\-*$~"'&]+)*$/, {
            error: (iss) =>
              `${JSON.stringify(iss.input)} is not an object key CloudFront serves for /; write it without a leading slash, e.g. index.html (${VALUE_LIMITS.defaultRootObject.doc})`,
          })
          .max(VALUE_LIMITS.defaultRootObject.max, {
            error: `may have at most ${VALUE_LIMITS.defaultRootObject.max} characters (${VALUE_LIMITS.defaultRootObject.doc})`,
          })
          .default('index.html')
          .describe('Object served for /.'),
      })
      .describe('The dashboard front end (CloudFront + S3).'),
    api: z
      .strictObject({
        domainName: domainName
          .optional()
          .describe('Custom domain of the API (needs certificateArn). Required in production.'),
        certificateArn: acmCertificateArn
          .optional()
          .describe('Regional ACM certificate (primary region) for the API domain; TLS 1.2 security policy.'),
        corsAllowedOrigins: z
          .array(httpsOrigin)
          .min(1, { error: 'list at least one https origin allowed to call the API from a browser' })
          .describe('Origins allowed by CORS (credentials are allowed, so never *).'),
        throttling: z
          .strictObject({
            rateLimit: z.number().int().min(1).describe('Stage-wide steady-state requests per second.'),
            burstLimit: z.number().int().min(1).describe('Stage-wide burst.'),
            writeRateLimit: z
              .number()
              .int()
              .min(1)
              .describe('Requests per second for each write method (stricter).'),
            writeBurstLimit: z.number().int().min(1).describe('Burst for each write method.'),
          })
          .describe('API Gateway throttling (token bucket) per stage and per method.'),
        clients: z
          .array(
            z.strictObject({
              name: z
                .string()
                .regex(/^[a-z][a-z0-9-]{1,39}$/, {
                  error: (iss) =>
                    `${JSON.stringify(iss.input)} must be lower-case letters, digits and dashes, e.g. acme-corp`,
                })
                .describe('Client id: names the API key, usage plan and secret.'),
              rateLimit: z.number().int().min(1).describe('Requests per second for this client.'),
              burstLimit: z.number().int().min(1).describe('Burst for this client.'),
              quotaPerDay: z.number().int().min(1).describe('Requests per day for this client.'),
            }),
          )
          .min(1, { error: 'list at least one API client (each gets an API key and a usage plan)' })
          .describe('API clients: one API key, usage plan and Secrets Manager secret each.'),
      })
      .describe('The dashboard REST API (API Gateway).'),
    alarms: z
      .strictObject({
        wafBlockedRequests: z
          .number()
          .int()
          .min(1)
          .describe('WAF blocked requests per 5 minutes that raise an alarm.'),
        rateRuleMatches: z
          .number()
          .int()
          .min(1)
          .describe('Requests blocked by rate-based rules per 5 minutes that raise an alarm.'),
        api4xxRate: z
          .number()
          .gt(0, { error: (iss) => `${String(iss.input)} is not a fraction above 0; write e.g. 0.05 for 5%` })
          .lt(1, { error: (iss) => `${String(iss.input)} is not a fraction below 1; write e.g. 0.05 for 5%` })
          .describe('Fraction of API requests answered 4xx (5-minute average) that raises an alarm.'),
        api5xxRate: z
          .number()
          .gt(0, { error: (iss) => `${String(iss.input)} is not a fraction above 0; write e.g. 0.05 for 5%` })
          .lt(1, { error: (iss) => `${String(iss.input)} is not a fraction below 1; write e.g. 0.05 for 5%` })
          .describe('Fraction of API requests answered 5xx (5-minute average) that raises an alarm.'),
        clientThrottled: z
          .number()
          .int()
          .min(1)
          .describe('429 answers to one client per 5 minutes that raise an alarm.'),
      })
      .describe('Abuse-detection alarm thresholds (alarms go to the security topic).'),
    shield: z
      .strictObject({
        advanced: z
          .boolean()
          .describe(
            'Asserts the account is subscribed to Shield Advanced (USD 3,000/month, 1-year term; CloudFormation cannot subscribe). When true, protections, a protection group, automatic application-layer mitigation, proactive engagement and SRT access are configured.',
          ),
        automaticMitigation: z
          .enum(['BLOCK', 'COUNT'])
          .default('BLOCK')
          .describe(
            'Action of the rules Shield adds to the CloudFront web ACL during an application-layer attack.',
          ),
        regionalResourceArns: z
          .array(
            z
              .string()
              .regex(
                /^arn:aws[a-z-]*:(elasticloadbalancing|ec2):[a-z0-9-]+:\d{12}:(loadbalancer\/|elastic-ip\/eipalloc-)/,
                {
                  error: (iss) => `${JSON.stringify(iss.input)} is not a load balancer or Elastic IP ARN`,
                },
              ),
          )
          .default([])
          .describe('Load balancers and Elastic IPs (owned by other stacks) to protect too.'),
        healthCheckPath: z
          .string()
          .regex(/^\/[A-Za-z0-9/_.-]*$/, {
            error: (iss) => `${JSON.stringify(iss.input)} must be a URI path starting with /, e.g. /health`,
          })
          .optional()
          .describe(
            'Path of a Route 53 HTTPS health check on site.domainName, used for health-based detection.',
          ),
        emergencyContacts: z
          .array(
            z.strictObject({
              email,
              phone: z
                .string()
                .regex(/^\+[1-9]\d{1,14}$/, {
                  error: (iss) =>
                    `${JSON.stringify(iss.input)} is not an E.164 phone number such as +15555550100`,
                })
                .optional(),
              notes: z
                .string()
                .max(VALUE_LIMITS.shieldContactNotes.max, {
                  error: `may have at most ${VALUE_LIMITS.shieldContactNotes.max} characters (${VALUE_LIMITS.shieldContactNotes.doc})`,
                })
                .regex(SHIELD_CONTACT_NOTES, {
                  error: (iss) =>
                    `${JSON.stringify(iss.input)} has characters the Shield API rejects; use letters, digits, spaces and . - , : / ( ) + @ only (${VALUE_LIMITS.shieldContactNotes.doc})`,
                })
                .optional(),
            }),
          )
          .default([])
          .describe('Who the Shield Response Team contacts (proactive engagement).'),
      })
      .default({
        advanced: false,
        automaticMitigation: 'BLOCK',
        regionalResourceArns: [],
        emergencyContacts: [],
      })
      .describe('AWS Shield. Shield Standard is always on at no cost; Advanced is opt-in.'),
  })
  .describe('Edge and API protection: WAF, Shield, CloudFront security headers, hardened API Gateway.');

export type EdgeConfig = z.infer<typeof edgeSchema>;

interface WithEdge {
  readonly environment: { readonly production: boolean; readonly region: string; readonly account: string };
  readonly edge: EdgeConfig;
}

const problem = (path: string, message: string): Problem => ({ path, message });

const signInStricter = (c: WithEdge): Problem[] => {
  const { perIp, signIn } = c.edge.waf.rateLimits;
  return perIp !== undefined && signIn >= perIp
    ? [problem('edge.waf.rateLimits.signIn', `${signIn} must be stricter (lower) than perIp (${perIp})`)]
    : [];
};

const shieldNeedsRateRule = (c: WithEdge): Problem[] =>
  c.edge.shield.advanced && c.edge.waf.rateLimits.perIp === undefined
    ? [
        problem(
          'edge.shield.advanced',
          'Shield Advanced automatic application-layer mitigation requires a rate-based rule in the web ACL; set edge.waf.rateLimits.perIp',
        ),
      ]
    : [];

const shieldNeedsContacts = (c: WithEdge): Problem[] =>
  c.edge.shield.advanced && c.edge.shield.emergencyContacts.length === 0
    ? [
        problem(
          'edge.shield.emergencyContacts',
          'Shield Advanced proactive engagement needs at least one emergency contact',
        ),
      ]
    : [];

const healthCheckNeedsDomain = (c: WithEdge): Problem[] =>
  c.edge.shield.healthCheckPath !== undefined && c.edge.site.domainName === undefined
    ? [
        problem(
          'edge.shield.healthCheckPath',
          'a health check needs edge.site.domainName to probe; set it or remove healthCheckPath',
        ),
      ]
    : [];

const domainAndCertificateTogether =
  (section: 'site' | 'api') =>
  (c: WithEdge): Problem[] => {
    const s = c.edge[section];
    return (s.domainName === undefined) !== (s.certificateArn === undefined)
      ? [problem(`edge.${section}`, 'give both domainName and certificateArn, or neither')]
      : [];
  };

/** CloudFront and API Gateway cannot both own one host name. */
const distinctDomains = (c: WithEdge): Problem[] =>
  c.edge.site.domainName !== undefined && c.edge.site.domainName === c.edge.api.domainName
    ? [
        problem(
          'edge.api.domainName',
          `'${c.edge.api.domainName}' is already the site's domain; the API needs its own host name, e.g. api.${c.edge.site.domainName}`,
        ),
      ]
    : [];

const siteCertificateInUsEast1 = (c: WithEdge): Problem[] => {
  const arn = c.edge.site.certificateArn;
  return arn !== undefined && arn.split(':')[3] !== 'us-east-1'
    ? [
        problem(
          'edge.site.certificateArn',
          `'${arn}' is not in us-east-1; CloudFront only uses ACM certificates from us-east-1`,
        ),
      ]
    : [];
};

/** An ARN's region and account fields. */
const arnParts = (arn: string) => ({ region: arn.split(':')[3], account: arn.split(':')[4] });

const apiCertificateInPrimaryRegion = (c: WithEdge): Problem[] => {
  const arn = c.edge.api.certificateArn;
  return arn !== undefined && arnParts(arn).region !== c.environment.region
    ? [
        problem(
          'edge.api.certificateArn',
          `'${arn}' is in ${arnParts(arn).region}, but a regional API Gateway domain needs an ACM certificate in its own region (${c.environment.region}); request or import one there`,
        ),
      ]
    : [];
};

const arnsInOwnAccount = (c: WithEdge): Problem[] =>
  [
    ['edge.site.certificateArn', c.edge.site.certificateArn],
    ['edge.api.certificateArn', c.edge.api.certificateArn],
    ...c.edge.shield.regionalResourceArns.map((a, i) => [`edge.shield.regionalResourceArns[${i}]`, a]),
  ].flatMap(([path, arn]) =>
    arn !== undefined && arnParts(arn).account !== c.environment.account
      ? [
          problem(
            path!,
            `'${arn}' belongs to account ${arnParts(arn).account}, not this environment's ${c.environment.account}; CloudFront, API Gateway and Shield only use resources of their own account`,
          ),
        ]
      : [],
  );

const productionTls = (c: WithEdge): Problem[] => {
  if (!c.environment.production) return [];
  const out: Problem[] = [];
  if (c.edge.site.certificateArn === undefined) {
    out.push(
      problem(
        'edge.site.certificateArn',
        'production requires a custom certificate so CloudFront can enforce TLSv1.2_2021; set domainName and certificateArn',
      ),
    );
  }
  if (c.edge.api.certificateArn === undefined) {
    out.push(
      problem(
        'edge.api.certificateArn',
        'production requires a custom API domain with the TLS 1.2 security policy; set domainName and certificateArn',
      ),
    );
  }
  return out;
};

const clientsWithinStage = (c: WithEdge): Problem[] => {
  const { clients, throttling } = c.edge.api;
  const out: Problem[] = [];
  const seen = new Set<string>();
  clients.forEach((client, i) => {
    if (seen.has(client.name))
      out.push(
        problem(
          `edge.api.clients[${i}].name`,
          `'${client.name}' is listed twice; client names must be unique`,
        ),
      );
    seen.add(client.name);
    if (client.rateLimit > throttling.rateLimit) {
      out.push(
        problem(
          `edge.api.clients[${i}].rateLimit`,
          `${client.rateLimit} exceeds the stage rate limit (${throttling.rateLimit}); lower it or raise edge.api.throttling.rateLimit`,
        ),
      );
    }
  });
  if (throttling.writeRateLimit > throttling.rateLimit) {
    out.push(
      problem(
        'edge.api.throttling.writeRateLimit',
        `${throttling.writeRateLimit} must not exceed rateLimit (${throttling.rateLimit})`,
      ),
    );
  }
  return out;
};

const allowDenyDisjoint = (c: WithEdge): Problem[] => {
  const deny = new Set(c.edge.waf.ipDenyList);
  return c.edge.waf.ipAllowList
    .filter((a) => deny.has(a))
    .map((a) =>
      problem('edge.waf.ipAllowList', `'${a}' is also in ipDenyList; a CIDR can be in one list only`),
    );
};

export const edgeRules: readonly Rule<WithEdge>[] = [
  signInStricter,
  shieldNeedsRateRule,
  shieldNeedsContacts,
  healthCheckNeedsDomain,
  domainAndCertificateTogether('site'),
  domainAndCertificateTogether('api'),
  distinctDomains,
  siteCertificateInUsEast1,
  apiCertificateInPrimaryRegion,
  arnsInOwnAccount,
  productionTls,
  clientsWithinStage,
  allowDenyDisjoint,
];
