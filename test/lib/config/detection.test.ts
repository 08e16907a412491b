import { validateConfig } from '../../../lib/config/load';
import { CIS_CONTROLS } from '../../../constructs/detection/cis-patterns';
import { exampleConfig } from '../../support/config';

/** Problems of one config, each as `<path>: <message>`. */
function problemsOf(raw: unknown): string[] {
  return validateConfig(raw).problems.map((p) => `${p.path}: ${p.message}`);
}

describe('detection config', () => {
  test('the shipped environments are valid', () => {
    expect(problemsOf(exampleConfig('dev'))).toEqual([]);
    expect(problemsOf(exampleConfig('prod'))).toEqual([]);
  });

  test('fails if the GuardDuty alert severity is above the range', () => {
    const c = exampleConfig('prod');
    c.detection.guardDuty.alertMinSeverity = 11;
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(
        /^detection\.guardDuty\.alertMinSeverity: 11 is above GuardDuty's severity range 1-10/,
      ),
    ]);
  });

  test('fails if the GuardDuty alert severity is below the range', () => {
    const c = exampleConfig('dev');
    c.detection.guardDuty.alertMinSeverity = 0;
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(
        /^detection\.guardDuty\.alertMinSeverity: 0 is below GuardDuty's severity range 1-10/,
      ),
    ]);
  });

  test('fails if the trail retention is below 365 days', () => {
    const c = exampleConfig('dev');
    c.detection.trail.retentionDays = 180;
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(/^detection\.trail\.retentionDays: 180 is below the minimum of 365 days/),
    ]);
  });

  test('fails if a Security Hub control is disabled without a reason', () => {
    const c = exampleConfig('prod');
    c.detection.securityHub.disabledControls = [{ standard: 'fsbp', controlId: 'IAM.6' }];
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(/^detection\.securityHub\.disabledControls\[0\]\.reason: is required/),
    ]);
  });

  test('fails if a Security Hub control is disabled with a vague reason', () => {
    const c = exampleConfig('prod');
    c.detection.securityHub.disabledControls = [
      { standard: 'fsbp', controlId: 'IAM.6', reason: 'not needed' },
    ];
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(
        /^detection\.securityHub\.disabledControls\[0\]\.reason: give a reason of at least 25 characters/,
      ),
    ]);
  });

  test('fails if a control is disabled in a standard that is not enabled', () => {
    const c = exampleConfig('dev');
    c.detection.securityHub.disabledControls = [
      {
        standard: 'pci-dss-4.0.1',
        controlId: 'IAM.6',
        reason: 'Root hardware MFA is covered by the org SCP baseline',
      },
    ];
    expect(problemsOf(c)).toEqual([
      "detection.securityHub.disabledControls[0].standard: 'pci-dss-4.0.1' is not enabled; enable it (securityHub.pciDss: true) or remove this entry",
    ]);
  });

  test('fails if the same control is disabled twice', () => {
    const c = exampleConfig('dev');
    c.detection.securityHub.disabledControls.push({ ...c.detection.securityHub.disabledControls[0] });
    expect(problemsOf(c)).toEqual([
      'detection.securityHub.disabledControls[1].controlId: fsbp/Macie.1 is listed twice; keep one entry',
    ]);
  });

  test('fails if a CIS alarm key is misspelt (a typo must not drop an alarm)', () => {
    const c = exampleConfig('prod');
    c.detection.cisAlarms.rootAcountUsage = false;
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(/^detection\.cisAlarms: unknown key 'rootAcountUsage'/),
    ]);
  });

  test('fails if the organization id is not an Organizations id', () => {
    const c = exampleConfig('prod');
    c.detection.trail.organizationId = '123456789012';
    expect(problemsOf(c)).toEqual([
      'detection.trail.organizationId: "123456789012" is not an AWS Organizations id such as "o-a1b2c3d4e5"',
    ]);
  });

  test('a minimal section turns every CIS alarm, GuardDuty plan and service on', () => {
    // Dev: no production guard (detection.exceptions) stands in for a default here, so the defaults themselves show.
    const c = exampleConfig('dev');
    c.detection = { trail: { retentionDays: 365 }, guardDuty: {} };
    const { config, problems } = validateConfig(c);
    expect(problems).toEqual([]);
    // The whole section: a default left off (a service, the global sign-in forwarder, global resource recording)
    // would be a control missing from every environment that does not mention it.
    expect(config!.detection).toEqual({
      trail: {
        retentionDays: 365,
        s3DataEvents: 'sensitive-buckets',
        lambdaDataEvents: false,
        insights: true,
      },
      // CIS AWS Foundations Benchmark v3.0.0 section 4 (4.1-4.15), the metric-filter alarms, written out.
      cisAlarms: {
        unauthorizedApiCalls: true,
        consoleSignInWithoutMfa: true,
        rootAccountUsage: true,
        iamPolicyChanges: true,
        cloudTrailConfigChanges: true,
        consoleAuthenticationFailures: true,
        cmkDisableOrDeletion: true,
        s3BucketPolicyChanges: true,
        awsConfigChanges: true,
        securityGroupChanges: true,
        naclChanges: true,
        networkGatewayChanges: true,
        routeTableChanges: true,
        vpcChanges: true,
        organizationsChanges: true,
      },
      guardDuty: {
        alertMinSeverity: 7,
        s3DataEvents: true,
        eksAuditLogs: true,
        runtimeMonitoring: true,
        ebsMalwareProtection: true,
        rdsLoginEvents: true,
        lambdaNetworkActivity: true,
      },
      // FSBP and CIS are always on; NIST and PCI are opt-in standards.
      securityHub: { nist80053: false, pciDss: false, disabledControls: [] },
      awsConfig: { recordGlobalResourceTypes: true, createServiceLinkedRole: false },
      vulnerabilityScanning: true,
      macie: true,
      detective: true,
      forwardGlobalSignInEvents: true,
      exceptions: [],
    });
    // The catalogue the alarms are built from names the same 15 controls.
    expect(CIS_CONTROLS.map((x) => x.id)).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
  });
});
