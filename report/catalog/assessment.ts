/** Phase 1: Security Assessment: the catalog entries A1 ... of the requirements document. */
import { type CatalogEntry } from './types';
import { file, T, unitTest } from './rows';

export const ASSESSMENT: readonly CatalogEntry[] = [
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
];
