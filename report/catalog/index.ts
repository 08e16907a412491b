/**
 * The control catalog: one entry per Definition-of-Done item of docs/requirements/TASK-019-security-hardening.md,
 * saying how the baseline meets it (infrastructure, process/document or application), with evidence as data
 * that `npm run report` evaluates against the synthesized templates, and mappings to CIS AWS Foundations
 * v3.0.0, AWS Foundational Security Best Practices (FSBP), NIST SP 800-53 Rev. 5, SOC 2 and cdk-nag rules.
 *
 * Entries live in one file per phase of the document (`assessment.ts` A*, `authentication.ts` AA*,
 * `input-validation.ts` IV*, `data-protection.ts` DP*, `infrastructure.ts` IS*, `api.ts` APIS*, `monitoring.ts`
 * SM*, `testing.ts` ST*, `documentation.ts` DOC*), each with its evidence inline.
 *
 * Evidence that waits for a capability not built yet would live in `PENDING_EVIDENCE`; the report
 * shows such items as `evidence pending`, never `met`.
 */
import { API_SECURITY } from './api';
import { ASSESSMENT } from './assessment';
import { AUTHENTICATION } from './authentication';
import { DATA_PROTECTION } from './data-protection';
import { DOCUMENTATION } from './documentation';
import { INFRASTRUCTURE } from './infrastructure';
import { INPUT_VALIDATION } from './input-validation';
import { MONITORING } from './monitoring';
import { TESTING } from './testing';
import type { CatalogEntry, TemplateEvidence } from './types';

/** The catalog, in the order of the requirements document. */
export const CATALOG: readonly CatalogEntry[] = [
  ...ASSESSMENT,
  ...AUTHENTICATION,
  ...INPUT_VALIDATION,
  ...DATA_PROTECTION,
  ...INFRASTRUCTURE,
  ...API_SECURITY,
  ...MONITORING,
  ...TESTING,
  ...DOCUMENTATION,
];

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
