import { loadRequirements } from '../../report/requirements';

/**
 * What an attack of the catalogs (compliance/attack-catalog.ts) may name as its evidence: a requirement id of
 * the document, a framework control in the form the catalogs write it (`NIST.800-53 AC-6(10)`, `CIS 1.16`,
 * `CT.KMS.PR.3`), or the AWS practice it demonstrates. A mistyped id (`SM 6`, `DP44`, `NIST AC-3`) evidences
 * nothing, so it must not pass as one.
 */
const FRAMEWORK_ID = /^(NIST\.800-53 [A-Z]{2}-\d+(\(\d+\))?|CIS \d+\.\d+|CT\.[A-Z0-9]+\.PR\.\d+)$/;
const PRACTICES = ['IAM confused-deputy prevention'];

type Catalog = readonly { id: string; evidences: readonly string[] }[];

/** Requirement ids and framework controls: what makes an attack evidence a requirement of the report. */
function countsAsEvidence(evidence: string, requirements: ReadonlySet<string>): boolean {
  return requirements.has(evidence) || FRAMEWORK_ID.test(evidence);
}

/** `attack -> evidence` for every evidence of `catalog` that is neither a requirement, a control nor a practice. */
export function unknownEvidences(catalog: Catalog): string[] {
  const requirements = new Set(loadRequirements().map((r) => r.id));
  return catalog.flatMap((a) =>
    a.evidences
      .filter((e) => !countsAsEvidence(e, requirements) && !PRACTICES.includes(e))
      .map((e) => `${a.id} -> ${e}`),
  );
}

/** Ids of the attacks of `catalog` that evidence no requirement id and no framework control. */
export function evidencingNothing(catalog: Catalog): string[] {
  const requirements = new Set(loadRequirements().map((r) => r.id));
  return catalog.filter((a) => !a.evidences.some((e) => countsAsEvidence(e, requirements))).map((a) => a.id);
}

/** The evidences of `catalog` that are requirement ids of the document. */
export function requirementEvidences(catalog: Catalog): string[] {
  const requirements = new Set(loadRequirements().map((r) => r.id));
  return catalog.flatMap((a) => a.evidences.filter((e) => requirements.has(e)));
}
