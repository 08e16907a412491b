/** Phase 8: Security Testing: the catalog entries ST1 ... of the requirements document. */
import { type CatalogEntry, m } from './types';
import { tpl, unitTest, file, T, GUARD, DATA } from './rows';

export const TESTING: readonly CatalogEntry[] = [
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
      'The CI job `dast` runs an OWASP ZAP baseline scan against the deployed Dev API and site after each Dev deploy and writes a dast-scan record; a full authenticated scan runs quarterly (scope and rules of engagement in security-testing.md). Met only with a current dast-scan record.',
    constructs: [],
    evidence: [
      file('docs/security-testing.md', 'DAST scope and schedule', '## DAST'),
      file(
        '.github/workflows/ci.yml',
        'A ZAP baseline scan runs after each Dev deploy',
        'zaproxy/action-baseline@',
      ),
      unitTest(T.dastJob, 'The workflow test fails if the scan stops targeting the deployed API and site'),
    ],
    activityRecord:
      'a dast-scan record in records/: the CI job `dast` scans Dev after each deploy and uploads the ZAP report with a filled-in record (artifact dast-record)',
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
      'a penetration-test record in records/ linking the tester’s report and the remediation tracking (records/templates/penetration-test.yaml)',
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
      tpl({
        stack: 'Guardrails',
        resourceType: 'AWS::AccessAnalyzer::Analyzer',
        propertyPath: 'Type',
        expected: m.present(),
        test: `${GUARD} › %s/Guardrails › has both IAM Access Analyzers`,
        proves: 'Access is reviewed continuously by IAM Access Analyzer',
      }),
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
      'a passing `npm run drill` record (drills/drill-<env>-<timestamp>.json, docs/runbook.md "Incident drill") or an incident-exercise record in records/ for a tabletop',
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
    evidence: [
      file('docs/runbook.md', 'Manual restore procedure', '## Restore the database from backup'),
      tpl({
        stack: 'Data',
        resourceType: 'AWS::Backup::RestoreTestingPlan',
        propertyPath: 'ScheduleExpression',
        expected: m.present(),
        test: `${DATA} › %s/Data › the database is restored on the configured schedule and validated`,
        proves: 'Restores are tested on a schedule',
      }),
    ],
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
];
