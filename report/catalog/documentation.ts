/** Phase 9: Documentation & Training: the catalog entries DOC1 ... of the requirements document. */
import { type CatalogEntry } from './types';
import { file } from './rows';

export const DOCUMENTATION: readonly CatalogEntry[] = [
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
      'a training record in records/ with date, attendance list and content (records/templates/training.yaml)',
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
