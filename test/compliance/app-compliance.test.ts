import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { registerCompliancePacks } from '../../compliance/packs';
import {
  formatFinding,
  isNagFinding,
  readFindings,
  VALIDATION_REPORT_FILE,
  type ValidationReport,
} from '../../compliance/findings';
import { listAcknowledgments } from '../../compliance/summary';
import { allTemplates, TEST_ASSEMBLY_DIR } from '../support/assembly';

describe('compliance gate over every environment', () => {
  test('the app has no unacknowledged cdk-nag finding (AwsSolutions, NIST 800-53 R5, HIPAA, PCI DSS 3.2.1)', () => {
    const findings = readFindings(TEST_ASSEMBLY_DIR).filter(isNagFinding);
    // On failure the message lists path, rule and message of each finding.
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('the built-in CloudFormation validator ran and reports nothing', () => {
    const findings = readFindings(TEST_ASSEMBLY_DIR).filter((f) => !isNagFinding(f));
    expect(findings.map(formatFinding)).toEqual([]);
    // No finding also when the validator never ran (CDK_VALIDATION=false): its report must be there, a
    // success, with the warnings it acknowledged itself (hard-coded zones in the example configs).
    const report = JSON.parse(
      fs.readFileSync(path.join(TEST_ASSEMBLY_DIR, VALIDATION_REPORT_FILE), 'utf8'),
    ) as ValidationReport;
    const validator = report.pluginReports?.find((p) => p.pluginName === 'CloudFormation Validate');
    expect(validator?.conclusion).toBe('success');
    expect(validator?.suppressedViolations?.length).toBeGreaterThan(0);
  });

  test('every acknowledgment is recorded in the template with a concrete reason', () => {
    const acks = listAcknowledgments(allTemplates()).filter(
      (a) => !a.rule.startsWith('CloudFormation-Validate::'),
    );
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) expect(a.reason.length).toBeGreaterThanOrEqual(25);
  });
});

describe('the gate can fail', () => {
  test('a deliberately insecure fixture produces findings from every pack', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'insecure-'));
    const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const stack = new Stack(new Stage(app, 'Insecure'), 'Fixture');
    // Unencrypted-by-KMS, unlogged, unversioned bucket with public ACL-style access allowed.
    new s3.Bucket(stack, 'PublicBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY,
      publicReadAccess: true,
    });
    registerCompliancePacks(app);
    app.synth();

    const rules = readFindings(outdir).map((f) => f.rule);
    fs.rmSync(outdir, { recursive: true, force: true });
    expect(rules).toEqual(
      expect.arrayContaining([
        'AwsSolutions-S1',
        'AwsSolutions-S10',
        'NIST.800.53.R5-S3BucketLoggingEnabled',
        'HIPAA.Security-S3DefaultEncryptionKMS',
        'PCI.DSS.321-S3BucketSSLRequestsOnly',
      ]),
    );
  });
});
