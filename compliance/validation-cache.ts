/**
 * The built-in CloudFormation validator's findings, kept for templates that did not change.
 *
 * The validator is a pure function of its inputs: the same template bytes, stack, account and region, checked
 * by the same validator and aws-cdk-lib versions with the same built-in rules, give the same findings. Most
 * synths change few templates (and the validator checks a WAF web ACL's nested statements for a quarter of a
 * second), so each template's findings are kept under node_modules/.cache/cfn-validate keyed by all of those
 * inputs, and a template whose key is there is not validated again. Any difference in any input is another
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

/** Writes `text` under a unique name, then renames it: a parallel process never reads a half-written file. */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** One finding of one template, as the plugin reports it (its template path replaced by a placeholder). */
interface KeptFinding {
  readonly violation: Omit<PolicyValidationPluginReport['violations'][number], 'violatingResources'>;
  readonly resource: PolicyValidationPluginReport['violations'][number]['violatingResources'][number];
}

const KEPT_TEMPLATE = '(template)';

function key(identity: ValidatorIdentity, stack: PolicyValidationStack, text: string): string {
  return createHash('sha256')
    .update(JSON.stringify(identity))
    .update(
      JSON.stringify([
        stack.stackConstructPath,
        path.basename(stack.templatePath),
        stack.accountId,
        stack.region,
      ]),
    )
    .update(text)
    .digest('hex');
}

/** The findings of a one-template report, in the order the plugin reported them. */
function findingsOf(report: PolicyValidationPluginReport): KeptFinding[] {
  return report.violations.flatMap(({ violatingResources, ...violation }) =>
    violatingResources.map((resource) => ({
      violation,
      resource: { ...resource, templatePath: resource.templatePath && KEPT_TEMPLATE },
    })),
  );
}

/**
 * The report of several templates from each one's findings, merged as aws-cdk-lib's plugin merges them while
 * it validates the templates in turn (cloudformation-validate-plugin.js `validate`): a finding joins the
 * violation with the same rule, severity and description, or starts a new one.
 */
function merged(
  perTemplate: { stack: PolicyValidationStack; findings: KeptFinding[] }[],
): PolicyValidationPluginReport {
  const violations: PolicyValidationPluginReport['violations'][number][] = [];
  for (const { stack, findings } of perTemplate) {
    for (const { violation, resource } of findings) {
      const r = { ...resource, templatePath: resource.templatePath && stack.templatePath };
      const existing = violations.find(
        (v) =>
          v.ruleName === violation.ruleName &&
          v.severity === violation.severity &&
          v.description === violation.description,
      );
      if (existing) (existing.violatingResources as unknown[]).push(r);
      else violations.push({ ...violation, violatingResources: [r] });
    }
  }
  return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
}

/** Where the findings of `stack` (whose template reads `text`) are kept. */
const keptFile = (
  identityOf: (templates: string[]) => ValidatorIdentity,
  stack: PolicyValidationStack,
  text: string,
) => path.join(cacheDir(), `${key(identityOf([text]), stack, text)}.json`);

/** The stacks among `stacks` whose findings are not kept: `cachedValidation` would validate them. */
export function unkept(
  identityOf: (templates: string[]) => ValidatorIdentity,
  stacks: PolicyValidationStack[],
): PolicyValidationStack[] {
  return stacks.filter((stack) => {
    try {
      return !fs.existsSync(keptFile(identityOf, stack, fs.readFileSync(stack.templatePath, 'utf8')));
    } catch {
      return false; // unreadable: cachedValidation reports it
    }
  });
}

/**
 * The report for `stacks`. Each template whose every input is unchanged contributes its kept findings; the
 * others are validated one at a time by `validate` (and kept), and the findings are merged as the plugin
 * merges them. `identityOf` names the validator `validate` runs for a template.
 *
 * Validating a template alone gives the findings it gives among others: the plugin validates each template
 * on its own with one engine, and the built-in rules it adds for the resource types of the other templates
 * apply to those types only (which is why aws-cdk-lib loads them by type).
 */
export function cachedValidation(
  identityOf: (templates: string[]) => ValidatorIdentity,
  stacks: PolicyValidationStack[],
  validate: (stacks: PolicyValidationStack[]) => PolicyValidationPluginReport,
): { report: PolicyValidationPluginReport; kept: number } {
  let kept = 0;
  const perTemplate = stacks.map((stack) => {
    const text = fs.readFileSync(stack.templatePath, 'utf8');
    const file = keptFile(identityOf, stack, text);
    try {
      const findings = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      if (Array.isArray(findings)) {
        kept++;
        return { stack, findings: findings as KeptFinding[] };
      }
    } catch {
      // Not kept yet (or unreadable, or not a list of findings): validated below.
    }
    const findings = findingsOf(validate([stack]));
    try {
      fs.mkdirSync(cacheDir(), { recursive: true });
      writeAtomically(file, JSON.stringify(findings));
    } catch {
      // A read-only checkout still validates, only without keeping reports.
    }
    return { stack, findings };
  });
  return { report: merged(perTemplate), kept };
}
