import type { CisControl } from './cis-patterns';

/**
 * Metric filters for the changes to the guardrails themselves that no CIS section 4 control covers: trust
 * policies, key policies, permissions boundaries, aliases of the project's keys, and the protection of the log
 * buckets. Same shape as the CIS controls (one filter on the CloudTrail log group, one alarm each);
 * `test/constructs/detection/guardrail-patterns.test.ts` proves each against CloudTrail records and
 * look-alikes, `test/lib/guardrail-alarms.test.ts` the synthesized filters.
 */
export interface GuardrailPatternOptions {
  /** Alias prefix of the project's keys without `alias/` (e.g. `security-baseline`). */
  readonly keyAliasPrefix: string;
  /** Names of the log buckets (log archive, trail bucket, access logs); may be tokens. */
  readonly logBucketNames: readonly string[];
}

const anyOf = (field: string, values: readonly string[]) =>
  `(${values.map((v) => `(${field} = "${v}")`).join(' || ')})`;

export function guardrailControls(options: GuardrailPatternOptions): CisControl[] {
  if (options.logBucketNames.length === 0) throw new Error(`'logBucketNames' must name at least one bucket`);
  return [
    {
      id: 'G1',
      key: 'trustPolicyChanges',
      metricName: 'TrustPolicyChanges',
      title: 'Role trust policy changes are monitored',
      description:
        'Guardrail G1: the trust policy of an IAM role was changed (UpdateAssumeRolePolicy). Outside a ' +
        'CloudFormation deployment this can open a role to another account or principal: check ' +
        'requestParameters.roleName and policyDocument, and who called (userIdentity.arn).',
      pattern: '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "UpdateAssumeRolePolicy") }',
    },
    {
      id: 'G2',
      key: 'keyPolicyChanges',
      metricName: 'KeyPolicyChanges',
      title: 'KMS key policy changes are monitored',
      description:
        'Guardrail G2: a KMS key policy was replaced (PutKeyPolicy). A new key policy can allow direct use or ' +
        'other accounts: compare requestParameters.policy with the synthesized policy of the key ' +
        '(requestParameters.keyId) and check who called.',
      pattern: '{ ($.eventSource = "kms.amazonaws.com") && ($.eventName = "PutKeyPolicy") }',
    },
    {
      id: 'G3',
      key: 'permissionsBoundaryChanges',
      metricName: 'PermissionsBoundaryChanges',
      title: 'Permissions boundary changes are monitored',
      description:
        'Guardrail G3: a permissions boundary was set or removed on a role or user. Removing or replacing the ' +
        'workload boundary re-enables privilege escalation: check requestParameters (roleName, ' +
        'permissionsBoundary) and who called.',
      pattern:
        '{ ($.eventSource = "iam.amazonaws.com") && ' +
        anyOf('$.eventName', [
          'PutRolePermissionsBoundary',
          'DeleteRolePermissionsBoundary',
          'PutUserPermissionsBoundary',
          'DeleteUserPermissionsBoundary',
        ]) +
        ' }',
    },
    {
      id: 'G4',
      key: 'projectKeyAliasChanges',
      metricName: 'ProjectKeyAliasChanges',
      title: 'Deletion or re-pointing of the project key aliases is monitored',
      description:
        `Guardrail G4: an alias of the project's keys (alias/${options.keyAliasPrefix}/...) was deleted or ` +
        're-pointed. Deleting the alias is the first step of bypassing the key-deletion protection ' +
        '(then UntagResource, ScheduleKeyDeletion): check requestParameters.aliasName and who called.',
      pattern:
        '{ ($.eventSource = "kms.amazonaws.com") && ' +
        anyOf('$.eventName', ['DeleteAlias', 'UpdateAlias']) +
        ` && ($.requestParameters.aliasName = "alias/${options.keyAliasPrefix}/*") }`,
    },
    {
      id: 'G5',
      key: 'logBucketProtectionChanges',
      metricName: 'LogBucketProtectionChanges',
      title: 'Changes to the policy, Object Lock, lifecycle or versioning of the log buckets are monitored',
      description:
        'Guardrail G5: the bucket policy, Object Lock configuration, lifecycle or versioning of a log bucket ' +
        'was changed. Outside a CloudFormation deployment this can open the logs or shorten their retention: ' +
        'check requestParameters.bucketName, the new configuration and who called.',
      pattern:
        '{ ($.eventSource = "s3.amazonaws.com") && ' +
        anyOf('$.eventName', [
          'PutBucketPolicy',
          'DeleteBucketPolicy',
          'PutObjectLockConfiguration',
          'PutBucketLifecycle',
          'PutBucketVersioning',
        ]) +
        ' && ' +
        anyOf('$.requestParameters.bucketName', options.logBucketNames) +
        ' }',
    },
  ];
}
