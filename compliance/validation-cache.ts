/**
 * The built-in CloudFormation validator's reports, kept for templates that did not change.
 *
 * The validator is a pure function of its inputs: the same template bytes, stack, account and region, checked
 * by the same validator and aws-cdk-lib versions with the same built-in rules, give the same report. Most
 * synths change few templates (and the validator checks a WAF web ACL's nested statements for a quarter of a
 * second), so a report is kept under node_modules/.cache/cfn-validate keyed by all of those inputs, and a
 * request whose key is there gets the kept report without validating. Any difference in any input is another
 * key: the gate is the validator's own verdict either way. A fresh clone (CI) has no cache and validates every
 * template.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyValidationPluginReport, PolicyValidationStack } from 'aws-cdk-lib';

const ROOT = path.resolve(__dirname, '..');
/** Where reports are kept (override for tests; the directory is created on first write). */
export const VALIDATION_CACHE_ENV = 'BASELINE_VALIDATION_CACHE';
const cacheDir = () =>
  process.env[VALIDATION_CACHE_ENV] ?? path.join(ROOT, 'node_modules', '.cache', 'cfn-validate');

/** What the report depends on besides the templates (versions and the built-in rules the engine loads). */
export interface ValidatorIdentity {
  readonly awsCdkLib: string;
  readonly validator: string;
  readonly builtinRules: string;
}

/** A report as kept: each template path replaced by the template's index in the request. */
type KeptReport = PolicyValidationPluginReport;

const TEMPLATE_REF = 'template#';

function key(identity: ValidatorIdentity, stacks: PolicyValidationStack[], texts: string[]): string {
  const hash = createHash('sha256').update(JSON.stringify(identity));
  stacks.forEach((s, i) => {
    hash.update(JSON.stringify([s.stackConstructPath, path.basename(s.templatePath), s.accountId, s.region]));
    hash.update(createHash('sha256').update(texts[i]).digest('hex'));
  });
  return hash.digest('hex');
}

/** `report` with every template path rewritten by `map` (violating resources name the template they are in). */
function withTemplatePaths(
  report: PolicyValidationPluginReport,
  map: (templatePath: string) => string,
): PolicyValidationPluginReport {
  return {
    ...report,
    violations: report.violations.map((v) => ({
      ...v,
      violatingResources: v.violatingResources.map((r) =>
        r.templatePath === undefined ? r : { ...r, templatePath: map(r.templatePath) },
      ),
    })),
  };
}

/**
 * The report for `stacks`: the kept one when every input is unchanged, otherwise `validate()`'s, which is
 * then kept. `identityOf` names the validator `validate` runs for these templates.
 */
export function cachedValidation(
  identityOf: (templates: string[]) => ValidatorIdentity,
  stacks: PolicyValidationStack[],
  validate: () => PolicyValidationPluginReport,
): { report: PolicyValidationPluginReport; cached: boolean } {
  const texts = stacks.map((s) => fs.readFileSync(s.templatePath, 'utf8'));
  const file = path.join(cacheDir(), `${key(identityOf(texts), stacks, texts)}.json`);
  const index = (templatePath: string) => stacks.findIndex((s) => s.templatePath === templatePath);
  try {
    const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as KeptReport;
    return {
      report: withTemplatePaths(kept, (ref) => stacks[Number(ref.slice(TEMPLATE_REF.length))].templatePath),
      cached: true,
    };
  } catch {
    // Not kept yet (or unreadable): validate.
  }
  const report = validate();
  // A report naming a file outside the request is returned but not kept (it could not be mapped back).
  const outside = report.violations.some((v) =>
    v.violatingResources.some((r) => r.templatePath !== undefined && index(r.templatePath) < 0),
  );
  if (!outside) {
    try {
      fs.mkdirSync(cacheDir(), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(withTemplatePaths(report, (p) => `${TEMPLATE_REF}${index(p)}`)));
      fs.renameSync(tmp, file);
    } catch {
      // A read-only checkout still validates, only without keeping reports.
    }
  }
  return { report, cached: false };
}
