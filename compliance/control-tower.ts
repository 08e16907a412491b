/**
 * AWS Control Tower proactive controls, evaluated over the synthesized templates exactly as their
 * CloudFormation Guard rules are printed in the AWS Control Tower controls reference (cfn-guard itself is not
 * available here; each function below is a line-by-line reading of the rule, cited with its page):
 *
 * - CT.KMS.PR.3 `kms_create_grant_aws_service_check`
 *   https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html#ct-kms-pr-3-description
 * - CT.S3.PR.9 `s3_bucket_object_lock_enabled_check`
 *   https://docs.aws.amazon.com/controltower/latest/controlreference/s3-rules.html#ct-s3-pr-9-description
 *
 * Scope: CT.KMS.PR.3 over every KMS key; CT.S3.PR.9 over the buckets that hold audit records (the log archive
 * and the trail bucket). The other buckets cannot or need not be WORM: the access-log bucket is a server
 * access-log destination, which S3 forbids to have Object Lock, and the site bucket holds published content.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listTemplates, type SynthesizedTemplate } from './summary';

export type ControlId = 'CT.KMS.PR.3' | 'CT.S3.PR.9';

export interface ControlResult {
  readonly control: ControlId;
  /** `Stage/Stack` of the template. */
  readonly stack: string;
  readonly logicalId: string;
  /** The resource's construct path (aws:cdk:path). */
  readonly path?: string;
  readonly status: 'PASS' | 'FAIL';
  /** Why it failed, in the words of the rule's scenarios. */
  readonly reason?: string;
}

type Json = unknown;
const isStruct = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** Guard's `x[*]`: a scalar is a one-element list. */
const each = (v: Json): Json[] => (Array.isArray(v) ? v : [v]);

/** Guard `struct_contains_only_allowed_keys`. */
const onlyKeys = (struct: Record<string, Json>, allowed: readonly RegExp[]) =>
  Object.keys(struct).every((k) => allowed.some((p) => p.test(k)));
/** Guard `struct_contains_key_with_value`: some key matches, and every matching key has the value. */
const keyWithValue = (struct: Record<string, Json>, key: RegExp, value: string) => {
  const present = Object.entries(struct).filter(([k]) => key.test(k));
  return present.length > 0 && present.every(([, v]) => v === value);
};

const GRANT_IS_FOR_AWS_RESOURCE = /^kms:GrantIsForAWSResource$/i;
const PRINCIPAL_IS_AWS_SERVICE = /^aws:PrincipalIsAWSService$/i;

/** Guard `check_statement_create_grant_aws_services_only`. */
function limitsGrantsToAwsServices(statement: Json): boolean {
  if (!isStruct(statement)) return false;
  const { Effect, Action, Principal, Resource, Condition } = statement;
  // check_all_required_statement_properties
  if ([Effect, Action, Principal, Condition, Resource].some((v) => v === undefined)) return false;
  if (Effect !== 'Deny') return false;
  if (!each(Action).every((a) => a === 'kms:CreateGrant')) return false;
  const anyone =
    Principal === '*' ||
    (isStruct(Principal) && Principal.AWS !== undefined && each(Principal.AWS).every((p) => p === '*'));
  if (!anyone) return false;
  if (!each(Resource).every((r) => r === '*')) return false;
  if (!isStruct(Condition) || !onlyKeys(Condition, [/^BoolIfExists$/])) return false;
  const block = Condition.BoolIfExists;
  if (!isStruct(block)) return false;
  return (
    onlyKeys(block, [GRANT_IS_FOR_AWS_RESOURCE, PRINCIPAL_IS_AWS_SERVICE]) &&
    keyWithValue(block, GRANT_IS_FOR_AWS_RESOURCE, 'false') &&
    keyWithValue(block, PRINCIPAL_IS_AWS_SERVICE, 'false')
  );
}

/** CT.KMS.PR.3 over the Properties of one `AWS::KMS::Key` (Guard `check(kms_keys)`, scenarios 2-4). */
export function ctKmsPr3(properties: Json): { pass: boolean; reason?: string } {
  const policy = isStruct(properties) ? properties.KeyPolicy : undefined;
  if (!isStruct(policy)) return { pass: false, reason: "'KeyPolicy' is missing or not a structure" };
  const statements = policy.Statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    return { pass: false, reason: "'Statement' in 'KeyPolicy' is missing, not a list or empty" };
  }
  return statements.some(limitsGrantsToAwsServices)
    ? { pass: true }
    : {
        pass: false,
        reason:
          "no statement denies kms:CreateGrant to every principal on '*' when kms:GrantIsForAWSResource and aws:PrincipalIsAWSService are both 'false' (BoolIfExists)",
      };
}

/** CT.S3.PR.9 over the Properties of one `AWS::S3::Bucket` (scenarios 2-4: `ObjectLockEnabled == true`). */
export function ctS3Pr9(properties: Json): { pass: boolean; reason?: string } {
  const value = isStruct(properties) ? properties.ObjectLockEnabled : undefined;
  if (value === undefined) return { pass: false, reason: "'ObjectLockEnabled' has not been provided" };
  return value === true
    ? { pass: true }
    : { pass: false, reason: `'ObjectLockEnabled' is ${JSON.stringify(value)}, not bool(true)` };
}

/**
 * Construct paths of the buckets CT.S3.PR.9 is applied to (audit records): each environment's log archive and
 * trail bucket, and the organization's log archive (Org/LogArchive).
 */
export const WORM_BUCKET_PATHS = [
  /\/Foundation\/LogArchiveBucket\//,
  /\/Audit\/Trail\/Bucket\//,
  /^Org\/LogArchive\/ArchiveBucket\//,
];

/** Both controls over every template of a cloud assembly. */
export function evaluateControlTower(templates: readonly SynthesizedTemplate[]): ControlResult[] {
  return templates.flatMap((t) =>
    Object.entries(t.template.Resources ?? {}).flatMap(([logicalId, r]): ControlResult[] => {
      const resourcePath = r.Metadata?.['aws:cdk:path'];
      const properties = (r as { Properties?: Json }).Properties;
      const result = (control: ControlId, outcome: { pass: boolean; reason?: string }): ControlResult => ({
        control,
        stack: t.displayName,
        logicalId,
        path: resourcePath,
        status: outcome.pass ? 'PASS' : 'FAIL',
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      });
      if (r.Type === 'AWS::KMS::Key') return [result('CT.KMS.PR.3', ctKmsPr3(properties))];
      if (r.Type === 'AWS::S3::Bucket' && WORM_BUCKET_PATHS.some((p) => p.test(resourcePath ?? ''))) {
        return [result('CT.S3.PR.9', ctS3Pr9(properties))];
      }
      return [];
    }),
  );
}

/** Where synth writes the results, for the compliance report. */
export const CONTROL_TOWER_FILE = path.join('compliance', 'control-tower.json');

/** Evaluates the assembly at `outdir` and writes `compliance/control-tower.json` into it. */
export function writeControlTowerResults(outdir: string): ControlResult[] {
  const results = evaluateControlTower(listTemplates(outdir));
  fs.mkdirSync(path.join(outdir, 'compliance'), { recursive: true });
  fs.writeFileSync(
    path.join(outdir, CONTROL_TOWER_FILE),
    JSON.stringify(
      {
        version: 1,
        source: 'AWS Control Tower proactive controls (Guard rules, evaluated in TypeScript)',
        results,
      },
      undefined,
      2,
    ),
  );
  return results;
}
