import { ConfigError, loadConfigs } from '../../../../lib/config/load';
import { cspProblems, DEFAULT_CSP } from '../../../../lib/config/sections/edge';
import { exampleConfig, writeConfigDir } from '../../../support/config';

/** Fixture ARNs are built like the code builds them (no 'arn:aws:' literals). */
const PARTITION = 'aws';

function problemsOf(name: 'dev' | 'prod', mutate: (c: Record<string, any>) => void): readonly string[] {
  const c = exampleConfig(name);
  mutate(c);
  try {
    loadConfigs(writeConfigDir({ [`${name}.yaml`]: c }));
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('edge config', () => {
  test('the example configs are valid', () => {
    expect(problemsOf('dev', () => undefined)).toEqual([]);
    expect(problemsOf('prod', () => undefined)).toEqual([]);
  });

  test('the strict default CSP passes its own checks', () => {
    expect(cspProblems(DEFAULT_CSP)).toEqual([]);
  });

  test('fails if the CSP allows a plain-http source', () => {
    expect(
      problemsOf('dev', (c) => {
        c.edge.site.contentSecurityPolicy =
          "default-src 'self'; script-src 'self' http://cdn.example.com; frame-ancestors 'none'";
      }),
    ).toEqual([
      expect.stringMatching(
        /dev\.yaml: edge\.site\.contentSecurityPolicy: 'script-src http:\/\/cdn\.example\.com' is not allowed \(plain http\/ws sources; use https:\/\/ or wss:\/\/\)/,
      ),
    ]);
  });

  test('fails if the CSP has no frame-ancestors, naming the strict default', () => {
    expect(problemsOf('dev', (c) => (c.edge.site.contentSecurityPolicy = "default-src 'self'"))[0]).toMatch(
      /'frame-ancestors' is missing \(the strict default is: default-src 'self'; frame-ancestors 'none'/,
    );
  });

  test("fails if the CSP uses a bare '*' or 'unsafe-eval'", () => {
    const problems = problemsOf('dev', (c) => {
      c.edge.site.contentSecurityPolicy = "default-src *; script-src 'unsafe-eval'; frame-ancestors 'none'";
    });
    // One problem per token, each naming file, path, the directive with its source, and the fix.
    expect(problems).toEqual([
      expect.stringMatching(
        /dev\.yaml: edge\.site\.contentSecurityPolicy: 'default-src \*' is not allowed \(the bare '\*' wildcard; list the https origins instead\)/,
      ),
      expect.stringMatching(
        /dev\.yaml: edge\.site\.contentSecurityPolicy: 'script-src 'unsafe-eval'' is not allowed \('unsafe-eval'\)/,
      ),
    ]);
  });

  test('fails if a CORS origin is not https', () => {
    expect(
      problemsOf('prod', (c) => (c.edge.api.corsAllowedOrigins = ['http://dashboard.example.com'])),
    ).toEqual([
      expect.stringMatching(
        /prod\.yaml: edge\.api\.corsAllowedOrigins\[0\]: "http:\/\/dashboard\.example\.com" is not an https origin/,
      ),
    ]);
  });

  test('fails if a CORS origin is a wildcard or carries a path', () => {
    // Browsers send an Origin without a path; a wildcard would let every site read the API's responses.
    const fix = 'is not an https origin; use https:\\/\\/host\\[:port\\] without path or wildcard';
    expect(
      problemsOf('prod', (c) => (c.edge.api.corsAllowedOrigins = ['*', 'https://a.example.com/app'])),
    ).toEqual([
      expect.stringMatching(new RegExp(`prod\\.yaml: edge\\.api\\.corsAllowedOrigins\\[0\\]: "\\*" ${fix}`)),
      expect.stringMatching(
        new RegExp(
          `prod\\.yaml: edge\\.api\\.corsAllowedOrigins\\[1\\]: "https://a\\.example\\.com/app" ${fix}`,
        ),
      ),
    ]);
  });

  test('fails if Shield Advanced is on without a per-IP rate-based rule', () => {
    expect(problemsOf('prod', (c) => delete c.edge.waf.rateLimits.perIp)).toEqual([
      expect.stringMatching(
        /prod\.yaml: edge\.shield\.advanced: Shield Advanced automatic application-layer mitigation requires a rate-based rule in the web ACL; set edge\.waf\.rateLimits\.perIp/,
      ),
    ]);
  });

  test('without Shield Advanced the per-IP rule may be omitted', () => {
    expect(problemsOf('dev', (c) => delete c.edge.waf.rateLimits.perIp)).toEqual([]);
  });

  test("fails if a rate limit is below AWS WAF's minimum of 10", () => {
    expect(problemsOf('dev', (c) => (c.edge.waf.rateLimits.signIn = 5))).toEqual([
      expect.stringMatching(
        /edge\.waf\.rateLimits\.signIn: 5 is below AWS WAF's minimum rate limit of 10 requests per evaluation window; set 10 or more/,
      ),
    ]);
  });

  test('fails if the evaluation window is not 60, 120, 300 or 600 seconds', () => {
    expect(problemsOf('dev', (c) => (c.edge.waf.rateLimits.evaluationWindowSeconds = 900))[0]).toMatch(
      /900 seconds is not a WAF evaluation window; use one of 60, 120, 300, 600/,
    );
  });

  test('fails if the sign-in limit is not stricter than the per-IP limit', () => {
    expect(problemsOf('dev', (c) => (c.edge.waf.rateLimits.signIn = 5000))).toEqual([
      expect.stringMatching(
        /edge\.waf\.rateLimits\.signIn: 5000 must be stricter \(lower\) than perIp \(2000\)/,
      ),
    ]);
  });

  test('fails if the body limit is above what WAF inspects', () => {
    expect(problemsOf('dev', (c) => (c.edge.waf.sizeLimits.bodyBytes = 65536))[0]).toMatch(
      /65536 is above the 16384-byte body WAF inspects by default/,
    );
  });

  test('fails if production has no custom certificate for the site or the API', () => {
    const problems = problemsOf('prod', (c) => {
      delete c.edge.site.domainName;
      delete c.edge.site.certificateArn;
      delete c.edge.api.domainName;
      delete c.edge.api.certificateArn;
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /edge\.site\.certificateArn: production requires a custom certificate so CloudFront can enforce TLSv1\.2_2021/,
        ),
        expect.stringMatching(
          /edge\.api\.certificateArn: production requires a custom API domain with the TLS 1\.2 security policy/,
        ),
      ]),
    );
  });

  test('fails if the site certificate is not in us-east-1', () => {
    expect(
      problemsOf(
        'prod',
        (c) => (c.edge.site.certificateArn = `arn:${PARTITION}:acm:eu-west-1:222222222222:certificate/abc`),
      ),
    ).toEqual([
      expect.stringMatching(
        /edge\.site\.certificateArn: .* is not in us-east-1; CloudFront only uses ACM certificates from us-east-1/,
      ),
    ]);
  });

  test('fails if Shield Advanced has no emergency contact', () => {
    expect(problemsOf('prod', (c) => (c.edge.shield.emergencyContacts = []))).toEqual([
      expect.stringMatching(
        /edge\.shield\.emergencyContacts: Shield Advanced proactive engagement needs at least one emergency contact/,
      ),
    ]);
  });

  test('fails if a client is faster than the stage', () => {
    expect(problemsOf('dev', (c) => (c.edge.api.clients[0].rateLimit = 500))).toEqual([
      expect.stringMatching(/edge\.api\.clients\[0\]\.rateLimit: 500 exceeds the stage rate limit \(50\)/),
    ]);
  });

  test('fails if a CIDR is malformed or in both lists', () => {
    expect(problemsOf('dev', (c) => (c.edge.waf.ipDenyList = ['10.0.0.300/8']))[0]).toMatch(
      /"10\.0\.0\.300\/8" is not an IPv4 or IPv6 CIDR/,
    );
    expect(
      problemsOf('dev', (c) => {
        c.edge.waf.ipDenyList = ['203.0.113.0/24'];
        c.edge.waf.ipAllowList = ['203.0.113.0/24'];
      }),
    ).toEqual([expect.stringMatching(/'203\.0\.113\.0\/24' is also in ipDenyList/)]);
  });
});
