import type { SynthesizedTemplate } from './summary';

/** A CloudFormation resource type that holds data, and which of its resources must be kept. */
export interface StatefulResourceType {
  /** Deletion policies that keep the data when the resource leaves the stack. */
  readonly allowed: readonly ('Retain' | 'Snapshot' | 'RetainExceptOnCreate')[];
  /**
   * Resources of the type that hold no data of their own (e.g. an Aurora instance: the cluster
   * holds the storage). Absent: every resource of the type is stateful.
   */
  readonly holdsData?: (properties: Record<string, unknown>) => boolean;
}

const RETAIN = ['Retain', 'RetainExceptOnCreate'] as const;

/**
 * Every stateful resource type of this app, in one place: deleting one from a stack (or replacing it)
 * must never delete the data with it. test/compliance/stateful-resources.test.ts checks every resource of these
 * types in every synthesized template of every environment, so a new stack cannot forget.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, StatefulResourceType>> = {
  'AWS::KMS::Key': { allowed: RETAIN },
  'AWS::S3::Bucket': { allowed: RETAIN },
  'AWS::Logs::LogGroup': { allowed: RETAIN },
  'AWS::SecretsManager::Secret': { allowed: RETAIN },
  'AWS::Backup::BackupVault': { allowed: RETAIN },
  'AWS::Cognito::UserPool': { allowed: RETAIN },
  'AWS::DynamoDB::Table': { allowed: RETAIN },
  'AWS::DynamoDB::GlobalTable': { allowed: RETAIN },
  'AWS::EFS::FileSystem': { allowed: RETAIN },
  'AWS::RDS::DBCluster': { allowed: ['Snapshot', ...RETAIN] },
  'AWS::RDS::DBInstance': {
    allowed: ['Snapshot', ...RETAIN],
    // A member of an Aurora cluster stores nothing itself; the cluster is checked instead.
    holdsData: (p) => p.DBClusterIdentifier === undefined,
  },
};

/** A stateful resource whose deletion policy would delete its data. */
export interface UnprotectedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly deletionPolicy: string;
}

/**
 * Stateful resources (STATEFUL_RESOURCE_TYPES) whose DeletionPolicy or UpdateReplacePolicy is missing
 * or would delete the data. CloudFormation's default for both is Delete (Snapshot for some types).
 */
export function unprotectedStatefulResources(
  templates: readonly SynthesizedTemplate[],
): UnprotectedResource[] {
  return templates.flatMap((t) =>
    Object.entries(
      (t.template.Resources ?? {}) as Record<
        string,
        {
          Type: string;
          DeletionPolicy?: string;
          UpdateReplacePolicy?: string;
          Properties?: Record<string, unknown>;
        }
      >,
    ).flatMap(([logicalId, r]) => {
      const rule = STATEFUL_RESOURCE_TYPES[r.Type];
      if (!rule || (rule.holdsData && !rule.holdsData(r.Properties ?? {}))) return [];
      const policies = [r.DeletionPolicy ?? 'Delete (default)', r.UpdateReplacePolicy ?? 'Delete (default)'];
      const bad = policies.find((p) => !(rule.allowed as readonly string[]).includes(p));
      return bad === undefined
        ? []
        : [{ stack: t.displayName, logicalId, type: r.Type, deletionPolicy: policies.join(' / ') }];
    }),
  );
}
