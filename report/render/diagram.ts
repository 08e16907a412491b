/**
 * Architecture diagram of one environment, generated from its synthesized templates: one column per
 * stack, the main resources as boxes (many of a kind collapsed into one box), and arrows for the data,
 * log and notification flows derived from Ref / Fn::GetAtt / cross-stack references. Plain SVG with no
 * external references, so it embeds in the offline HTML report.
 */
import type { Json } from '../catalog/types';
import type { CfnResource, StackTemplate } from '../assembly';
import { collectReferences } from '../evidence';

type Category = 'security' | 'data' | 'network' | 'edge' | 'compute' | 'monitoring';

interface Kind {
  readonly name: string;
  readonly category: Category;
  /** Many resources of this kind in a stack become one box. */
  readonly grouped?: boolean;
}

/** The resource types drawn; everything else (policies, aliases, routes, ...) is left out. */
const KINDS: Record<string, Kind> = {
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
};

const COLORS: Record<Category, { fill: string; stroke: string }> = {
  security: { fill: '#fdecea', stroke: '#c0392b' },
  data: { fill: '#e8f1fb', stroke: '#2e6da4' },
  network: { fill: '#eaf6ec', stroke: '#2e7d32' },
  edge: { fill: '#f3ebfa', stroke: '#7b3fa0' },
  compute: { fill: '#fff4e0', stroke: '#c77700' },
  monitoring: { fill: '#eef0f2', stroke: '#4d5b69' },
};

export interface DiagramNode {
  readonly id: string;
  readonly stack: string;
  readonly label: string;
  readonly kind: string;
  readonly category: Category;
  readonly count: number;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface Diagram {
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
  readonly svg: string;
}

const EXTERNAL_EMAIL = 'external:email';

/** Short label from the construct path: `Prod/Foundation/Keys/Logs/Resource` -> `Keys/Logs`. */
function labelOf(logicalId: string, resource: CfnResource, stack: StackTemplate): string {
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
  if (/Log|Destination|Trail/i.test(property)) return 'logs to';
  if (targetType === 'AWS::WAFv2::WebACL') return 'protected by';
  if (targetType === 'AWS::EC2::VPC' || targetType === 'AWS::EC2::Subnet') return 'in';
  return 'uses';
}

/** Nodes and edges of one environment. */
export function diagramModel(stacks: readonly StackTemplate[]): {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
} {
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
    edges.set(`${from}>${to}>${label}`, { from, to, label });
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
          for (const t of targetsOf(value, stack)) addEdge(from, t.node, edgeLabel(property, t.type));
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
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NODE_WIDTH = 200;
const SUB_GAP = 120;
const COL_GAP = 110;
const NODE_HEIGHT = 44;
const NODE_GAP = 16;
const TOP = 56;
const LEFT = 24;
const MAX_SUBCOLUMNS = 3;
const MIN_WIDTH = 780;

/**
 * Positions: one column group per stack; inside a group, resources that reference others sit left of
 * what they reference (up to three sub-columns), so most arrows run left to right.
 */
function layout(nodes: readonly DiagramNode[], edges: readonly DiagramEdge[]) {
  const groups = [...new Set(nodes.map((n) => n.stack))];
  const pos = new Map<string, { x: number; y: number }>();
  const boxes: { stack: string; x: number; width: number; rows: number }[] = [];
  let x = LEFT;
  let maxRows = 1;
  for (const stack of groups) {
    const members = nodes.filter((n) => n.stack === stack);
    const inside = new Set(members.map((n) => n.id));
    const local = edges.filter((e) => inside.has(e.from) && inside.has(e.to));
    const depth = new Map(members.map((n) => [n.id, 0]));
    for (let i = 0; i < members.length; i++) {
      for (const e of local)
        depth.set(e.to, Math.min(MAX_SUBCOLUMNS - 1, Math.max(depth.get(e.to)!, depth.get(e.from)! + 1)));
    }
    const columns = Math.max(...depth.values()) + 1;
    const rowsInColumn = new Array<number>(columns).fill(0);
    const connected = (id: string) => edges.some((e) => e.from === id || e.to === id);
    // Column by column: connected resources first; later columns ordered by where their sources sit.
    for (let c = 0; c < columns; c++) {
      const inColumn = members.filter((n) => depth.get(n.id) === c);
      const sourceRow = (id: string) => {
        const ys = local.filter((e) => e.to === id && pos.has(e.from)).map((e) => pos.get(e.from)!.y);
        return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Number.MAX_SAFE_INTEGER;
      };
      const ordered = inColumn
        .map((n, i) => ({ n, i, connected: connected(n.id) ? 0 : 1, source: c === 0 ? 0 : sourceRow(n.id) }))
        .sort((a, b) => a.connected - b.connected || a.source - b.source || a.i - b.i);
      for (const { n } of ordered) {
        pos.set(n.id, {
          x: x + c * (NODE_WIDTH + SUB_GAP),
          y: TOP + 30 + rowsInColumn[c] * (NODE_HEIGHT + NODE_GAP),
        });
        rowsInColumn[c] += 1;
      }
    }
    const width = columns * NODE_WIDTH + (columns - 1) * SUB_GAP;
    const rows = Math.max(...rowsInColumn);
    boxes.push({ stack, x, width, rows });
    maxRows = Math.max(maxRows, rows);
    x += width + COL_GAP;
  }
  return { pos, boxes, width: Math.max(MIN_WIDTH, x - COL_GAP + LEFT), maxRows };
}

/** The diagram as standalone SVG (fonts from the system, no external references). */
export function buildDiagram(stacks: readonly StackTemplate[], title: string): Diagram {
  const { nodes, edges } = diagramModel(stacks);
  const { pos, boxes, width, maxRows } = layout(nodes, edges);
  const legendY = TOP + 30 + maxRows * (NODE_HEIGHT + NODE_GAP) + 20;
  const height = legendY + 48;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif">`,
    `<title>${esc(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#56606b"/></marker></defs>',
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="28" font-size="16" font-weight="600" fill="#1f2933">${esc(title)}</text>`,
  ];
  for (const box of boxes) {
    out.push(
      `<rect x="${box.x - 8}" y="${TOP - 4}" width="${box.width + 16}" height="${34 + box.rows * (NODE_HEIGHT + NODE_GAP)}" rx="8" fill="#f7f9fb" stroke="#d5dce3" stroke-dasharray="4 3"/>`,
      `<text x="${box.x}" y="${TOP + 14}" font-size="13" font-weight="600" fill="#33414e">${esc(box.stack)}</text>`,
    );
  }

  // Arrows first, so boxes are drawn over them; their labels last, so boxes never hide them.
  // Subnet and VPC membership ("in") is implied by the columns and not drawn. References from another
  // stack are drawn once per stack, target and kind (with a count), from the edge of the stack's column.
  const labels: string[] = [];
  const stackOf = new Map(nodes.map((n) => [n.id, n.stack]));
  const boxOf = new Map(boxes.map((b) => [b.stack, b]));
  type Arrow = { x1: number; y1: number; out: 1 | -1; to: string; label: string; cross: boolean };
  const arrows: Arrow[] = [];
  const cross = new Map<string, { from: string[]; to: string; label: string; stack: string }>();
  for (const e of edges) {
    if (e.label === 'in' || !pos.has(e.from) || !pos.has(e.to)) continue;
    const fromStack = stackOf.get(e.from)!;
    if (fromStack === stackOf.get(e.to)) {
      const a = pos.get(e.from)!;
      const b = pos.get(e.to)!;
      const right = b.x >= a.x;
      arrows.push({
        cross: false,
        x1: right ? a.x + NODE_WIDTH : a.x,
        y1: a.y + NODE_HEIGHT / 2,
        out: right ? 1 : -1,
        to: e.to,
        label: e.label,
      });
    } else {
      const key = `${fromStack}>${e.to}>${e.label}`;
      const group = cross.get(key) ?? { from: [], to: e.to, label: e.label, stack: fromStack };
      group.from.push(e.from);
      cross.set(key, group);
    }
  }
  for (const g of cross.values()) {
    const box = boxOf.get(g.stack)!;
    const target = pos.get(g.to)!;
    const ys = g.from.map((id) => pos.get(id)!.y + NODE_HEIGHT / 2);
    const y1 = ys.reduce((a, b) => a + b, 0) / ys.length;
    const right = target.x > box.x;
    arrows.push({
      cross: true,
      x1: right ? box.x + box.width + 8 : box.x - 8,
      y1,
      out: right ? 1 : -1,
      to: g.to,
      label: g.from.length > 1 ? `${g.label} ×${g.from.length}` : g.label,
    });
  }
  for (const arrow of arrows) {
    const b = pos.get(arrow.to)!;
    const by = b.y + NODE_HEIGHT / 2;
    const { x1, y1: ay } = arrow;
    // Enter the target from the side facing the arrow's start; loop around when both are on one side.
    const x2 = x1 <= b.x ? b.x : x1 >= b.x + NODE_WIDTH ? b.x + NODE_WIDTH : b.x + NODE_WIDTH;
    const inward = x2 === b.x ? -1 : 1;
    const bend = Math.max(40, Math.min(120, Math.abs(x2 - x1) / 2));
    const d = `M${x1},${ay} C${x1 + arrow.out * bend},${ay} ${x2 + inward * bend},${by} ${x2},${by}`;
    // Labels sit a third of the way along the arrow, so arrows converging on one target keep them apart.
    const nums = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
    const t = 0.32;
    const bez = (p0: number, p1: number, p2: number, p3: number) =>
      (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3;
    const lx = bez(nums[0], nums[2], nums[4], nums[6]);
    const ly = bez(nums[1], nums[3], nums[5], nums[7]);
    const w = arrow.label.length * 5.6 + 8;
    out.push(
      arrow.cross
        ? `<path d="${d}" fill="none" stroke="#8a96a3" stroke-width="1.1" stroke-dasharray="5 3" stroke-opacity="0.75" marker-end="url(#arrow)"/>`
        : `<path d="${d}" fill="none" stroke="#66727e" stroke-width="1.4" marker-end="url(#arrow)"/>`,
    );
    labels.push(
      `<rect x="${(lx - w / 2).toFixed(1)}" y="${(ly - 8).toFixed(1)}" width="${w.toFixed(1)}" height="14" rx="3" fill="#ffffff" fill-opacity="0.92"/>`,
      `<text x="${lx.toFixed(1)}" y="${(ly + 3).toFixed(1)}" font-size="10" text-anchor="middle" fill="#4d5b69">${esc(arrow.label)}</text>`,
    );
  }

  for (const n of nodes) {
    const p = pos.get(n.id)!;
    const c = COLORS[n.category];
    const label = n.label.length > 30 ? `${n.label.slice(0, 29)}…` : n.label;
    const sub = n.count > 1 ? `${n.kind} ×${n.count}` : n.kind;
    out.push(
      `<g><rect x="${p.x}" y="${p.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.4"/>`,
      `<text x="${p.x + 10}" y="${p.y + 19}" font-size="12.5" font-weight="600" fill="#1f2933">${esc(label)}</text>`,
      `<text x="${p.x + 10}" y="${p.y + 35}" font-size="10.5" fill="#56606b">${esc(sub)}</text></g>`,
    );
  }

  out.push(...labels);

  let lx = LEFT;
  for (const [category, c] of Object.entries(COLORS)) {
    out.push(
      `<rect x="${lx}" y="${legendY}" width="14" height="14" rx="3" fill="${c.fill}" stroke="${c.stroke}"/>`,
      `<text x="${lx + 20}" y="${legendY + 11}" font-size="11" fill="#33414e">${category}</text>`,
    );
    lx += 110;
  }
  out.push(
    `<text x="${LEFT}" y="${legendY + 34}" font-size="11" fill="#56606b">Arrows: references between resources in the templates (encryption keys, log delivery, notifications, protection); dashed: from another stack, one arrow per stack, target and kind.</text>`,
    '</svg>',
  );
  return { nodes, edges, svg: out.join('\n') };
}
