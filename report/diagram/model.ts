/**
 * What the architecture diagrams show of one environment, read from its synthesized templates: the main
 * resources (many of a kind in a stack collapsed into one), the stack and region of each, and the flows
 * between them derived from Ref / Fn::GetAtt / cross-stack references (encryption, logging, alerting,
 * backup, protection).
 */
import type { Json } from '../catalog/types';
import type { CfnResource, StackTemplate } from '../assembly';
import { collectReferences, readProperty } from '../evidence';
import type { Category, FlowKind } from './graph';

interface Kind {
  readonly name: string;
  readonly category: Category;
  /** Many resources of this kind in a stack become one box. */
  readonly grouped?: boolean;
}

/** The resource types drawn; everything else (policies, aliases, routes, ...) is left out. */
export const KINDS: Record<string, Kind> = {
  'AWS::KMS::Key': { name: 'KMS key', category: 'security' },
  'AWS::SecretsManager::Secret': { name: 'Secret', category: 'security', grouped: true },
  'AWS::Cognito::UserPool': { name: 'Cognito user pool', category: 'security' },
  'AWS::WAFv2::WebACL': { name: 'WAF web ACL', category: 'security' },
  'AWS::Shield::Protection': { name: 'Shield protection', category: 'security', grouped: true },
  'AWS::GuardDuty::Detector': { name: 'GuardDuty', category: 'security' },
  'AWS::SecurityHub::Hub': { name: 'Security Hub', category: 'security' },
  'AWS::AccessAnalyzer::Analyzer': { name: 'Access Analyzer', category: 'security' },
  'AWS::IAM::ManagedPolicy': { name: 'IAM policies', category: 'security', grouped: true },
  'AWS::Config::ConfigurationRecorder': { name: 'AWS Config', category: 'security' },
  'AWS::S3::Bucket': { name: 'S3 bucket', category: 'data' },
  'AWS::RDS::DBCluster': { name: 'Aurora cluster', category: 'data' },
  'AWS::DynamoDB::Table': { name: 'DynamoDB table', category: 'data' },
  'AWS::Backup::BackupVault': { name: 'Backup vault', category: 'data' },
  'AWS::Backup::BackupPlan': { name: 'Backup plan', category: 'data' },
  'AWS::EC2::VPC': { name: 'VPC', category: 'network' },
  'AWS::EC2::Subnet': { name: 'Subnets', category: 'network', grouped: true },
  'AWS::EC2::NatGateway': { name: 'NAT gateways', category: 'network', grouped: true },
  'AWS::EC2::NetworkAcl': { name: 'Network ACLs', category: 'network', grouped: true },
  'AWS::EC2::VPCEndpoint': { name: 'VPC endpoints', category: 'network', grouped: true },
  'AWS::EC2::FlowLog': { name: 'Flow log', category: 'network' },
  'AWS::CloudFront::Distribution': { name: 'CloudFront', category: 'edge' },
  'AWS::CloudFront::ResponseHeadersPolicy': { name: 'Security headers', category: 'edge' },
  'AWS::ApiGateway::RestApi': { name: 'API Gateway', category: 'edge' },
  'AWS::Lambda::Function': { name: 'Lambda', category: 'compute', grouped: true },
  'AWS::SNS::Topic': { name: 'SNS topic', category: 'monitoring' },
  'AWS::Logs::LogGroup': { name: 'Log group', category: 'monitoring' },
  'AWS::CloudTrail::Trail': { name: 'CloudTrail', category: 'monitoring' },
  'AWS::CloudWatch::Alarm': { name: 'Alarms', category: 'monitoring', grouped: true },
  'AWS::Events::Rule': { name: 'Event rules', category: 'monitoring', grouped: true },
};

/** Resource types that only connect two drawn resources (drawn as an arrow, not a box). */
const CONNECTORS: Record<string, { from: string; to: string; label: string }> = {
  'AWS::WAFv2::WebACLAssociation': { from: 'WebACLArn', to: 'ResourceArn', label: 'protects' },
  'AWS::WAFv2::LoggingConfiguration': { from: 'ResourceArn', to: 'LogDestinationConfigs', label: 'logs to' },
  'AWS::ApiGateway::Stage': { from: 'RestApiId', to: 'AccessLogSetting', label: 'logs to' },
};

export interface DiagramNode {
  readonly id: string;
  readonly stack: string;
  /** Region of the stack; undefined for what is outside AWS. */
  readonly region?: string;
  /** CloudFormation type of the resource(s). */
  readonly type: string;
  /** Logical ids of the resources the box stands for. */
  readonly logicalIds: readonly string[];
  readonly label: string;
  readonly kind: string;
  readonly category: Category;
  readonly count: number;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: FlowKind | 'membership';
}

export interface DiagramModel {
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
}

/** The flow kind of a reference label. */
function kindOf(label: string): DiagramEdge['kind'] {
  switch (label) {
    case 'encrypted with':
      return 'encryption';
    case 'logs to':
      return 'logging';
    case 'notifies':
    case 'emails':
      return 'alerting';
    case 'backs up to':
    case 'copies to':
      return 'backup';
    case 'protects':
    case 'protected by':
      return 'protection';
    case 'in':
      return 'membership';
    default:
      return 'other';
  }
}

const EXTERNAL_EMAIL = 'external:email';

/** Short label from the construct path: `Prod/Foundation/Keys/Logs/Resource` -> `Keys/Logs`. */
export function labelOf(logicalId: string, resource: CfnResource, stack: StackTemplate): string {
  const cdkPath = resource.Metadata?.['aws:cdk:path'];
  if (typeof cdkPath === 'string') {
    const parts = cdkPath.split('/').slice(stack.displayName.split('/').length);
    while (
      parts.length > 1 &&
      (parts[parts.length - 1] === 'Resource' || parts[parts.length - 1] === 'Default')
    )
      parts.pop();
    if (parts.length) return parts.slice(-2).join('/');
  }
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

function edgeLabel(property: string, targetType: string): string {
  if (targetType === 'AWS::KMS::Key') return 'encrypted with';
  if (targetType === 'AWS::SNS::Topic') return 'notifies';
  if (/Log|Destination|Trail|S3BucketName/i.test(property)) return 'logs to';
  if (targetType === 'AWS::WAFv2::WebACL') return 'protected by';
  if (targetType === 'AWS::EC2::VPC' || targetType === 'AWS::EC2::Subnet') return 'in';
  return 'uses';
}

/** Nodes and edges of one environment. */
export function diagramModel(stacks: readonly StackTemplate[]): DiagramModel {
  const nodes = new Map<string, DiagramNode>();
  const nodeOf = new Map<string, string>(); // `${stack}:${logicalId}` -> node id
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const kind = KINDS[resource.Type];
      if (!kind) continue;
      const id = kind.grouped ? `${stack.id}:${resource.Type}` : `${stack.id}:${logicalId}`;
      const existing = nodes.get(id);
      nodes.set(id, {
        id,
        stack: stack.id,
        region: stack.region,
        type: resource.Type,
        logicalIds: [...(existing?.logicalIds ?? []), logicalId],
        label: kind.grouped ? kind.name : labelOf(logicalId, resource, stack),
        kind: kind.name,
        category: kind.category,
        count: (existing?.count ?? 0) + 1,
      });
      nodeOf.set(`${stack.id}:${logicalId}`, id);
    }
  }

  const edges = new Map<string, DiagramEdge>();
  const addEdge = (from: string | undefined, to: string | undefined, label: string) => {
    if (!from || !to || from === to) return;
    edges.set(`${from}>${to}>${label}`, { from, to, label, kind: kindOf(label) });
  };
  const targetsOf = (value: Json | undefined, stack: StackTemplate) =>
    collectReferences(value, stack, stacks).map((t) => ({
      node: nodeOf.get(`${t.stack.id}:${t.logicalId}`),
      type: t.resource.Type,
    }));

  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const props = resource.Properties ?? {};
      const from = nodeOf.get(`${stack.id}:${logicalId}`);
      if (from) {
        for (const [property, value] of Object.entries(props)) {
          for (const t of targetsOf(value, stack)) {
            // A log group named after a resource (API Gateway execution logs) is where that resource logs.
            if (resource.Type === 'AWS::Logs::LogGroup' && property === 'LogGroupName')
              addEdge(t.node, from, 'logs to');
            else addEdge(from, t.node, edgeLabel(property, t.type));
          }
        }
      }
      const connector = CONNECTORS[resource.Type];
      if (connector) {
        for (const a of targetsOf(props[connector.from], stack)) {
          for (const b of targetsOf(props[connector.to], stack)) addEdge(a.node, b.node, connector.label);
        }
      }
      if (resource.Type === 'AWS::SNS::Subscription' && props.Protocol === 'email') {
        if (!nodes.has(EXTERNAL_EMAIL)) {
          nodes.set(EXTERNAL_EMAIL, {
            id: EXTERNAL_EMAIL,
            stack: '(outside AWS)',
            type: 'Email',
            logicalIds: [],
            label: 'Security contacts',
            kind: 'Email',
            category: 'monitoring',
            count: 0,
          });
        }
        for (const t of targetsOf(props.TopicArn, stack)) addEdge(t.node, EXTERNAL_EMAIL, 'emails');
      }
    }
  }
  // Backups: what a backup selection names is backed up to the vaults of its plan's rules, and each
  // rule's copy action copies that vault to the vault (named in the ARN) of another region.
  const vaultsNamed = new Map<string, string>();
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const name = resource.Type === 'AWS::Backup::BackupVault' && readProperty(resource, 'BackupVaultName');
      const node = nodeOf.get(`${stack.id}:${logicalId}`);
      if (typeof name === 'string' && node) vaultsNamed.set(name, node);
    }
  }
  for (const stack of stacks) {
    for (const resource of Object.values(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Backup::BackupSelection') continue;
      const props = resource.Properties ?? {};
      const selection = props.BackupSelection as { [key: string]: Json } | undefined;
      const stores = targetsOf(selection?.Resources, stack);
      for (const plan of collectReferences(props.BackupPlanId, stack, stacks)) {
        const rules = readProperty(plan.resource, 'BackupPlan.BackupPlanRule');
        for (const rule of Array.isArray(rules) ? rules : []) {
          const r = rule as { [key: string]: Json };
          const vaults = targetsOf(r.TargetBackupVault, plan.stack);
          for (const store of stores) for (const v of vaults) addEdge(store.node, v.node, 'backs up to');
          const copies = Array.isArray(r.CopyActions) ? r.CopyActions : [];
          for (const copy of copies) {
            const arn = (copy as { [key: string]: Json }).DestinationBackupVaultArn;
            const name = typeof arn === 'string' ? /:backup-vault:(.+)$/.exec(arn)?.[1] : undefined;
            for (const v of vaults) addEdge(v.node, name ? vaultsNamed.get(name) : undefined, 'copies to');
          }
        }
      }
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
