/**
 * The diagrams of one environment as graphs: the architecture overview (stacks grouped by region) and
 * the four views auditors ask for: data protection, logging, alerting and network.
 */
import type { Json } from '../catalog/types';
import type { CfnResource, StackTemplate } from '../assembly';
import { collectReferences, readProperty } from '../evidence';
import { FLOW_KINDS, type Graph, type GraphEdge, type GraphGroup, type GraphNode } from './graph';
import { type DiagramModel, type DiagramNode, labelOf } from './model';

const OUTSIDE = 'outside';

/** Region groups in a fixed order: the primary region first, then us-east-1, then the others. */
function regionGroups(regions: readonly (string | undefined)[], primary: string): GraphGroup[] {
  const found = [...new Set(regions.filter((r): r is string => r !== undefined))];
  const rank = (r: string) => (r === primary ? 0 : r === 'us-east-1' ? 1 : 2);
  return found
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((r) => ({
      id: `region:${r}`,
      label: `${r}${r === primary ? ' (primary region)' : r === 'us-east-1' ? ' (global services: CloudFront, WAF, sign-in)' : ' (backup copies)'}`,
      style: 'region' as const,
    }));
}

/** Region and stack groups for the given boxes. */
function stackGroups(nodes: readonly DiagramNode[], primary: string): GraphGroup[] {
  const inAws = nodes.filter((n) => n.region !== undefined);
  const stacks = [...new Map(inAws.map((n) => [n.stack, n.region!])).entries()];
  return [
    ...regionGroups(
      stacks.map(([, r]) => r),
      primary,
    ),
    ...stacks.map(([stack, region]) => ({
      id: `stack:${stack}`,
      label: stack,
      style: 'stack' as const,
      parent: `region:${region}`,
    })),
  ];
}

function boxOf(n: DiagramNode, detail?: string): GraphNode {
  return {
    id: n.id,
    label: n.label,
    detail: detail ?? (n.count > 1 ? `${n.kind} ×${n.count}` : n.kind),
    category: n.region === undefined ? 'external' : n.category,
    group: n.region === undefined ? undefined : `stack:${n.stack}`,
  };
}

/**
 * Every stack with its main resources, grouped by region. Flows inside a stack join boxes; flows between
 * stacks are one arrow per pair of stacks (or regions) and kind, labelled with the kind and how many
 * references it stands for: the views below show them resource by resource.
 */
export function overviewGraph(model: DiagramModel, stage: string, primary: string): Graph {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const end = (n: DiagramNode, other: DiagramNode): string =>
    n.region === undefined
      ? n.id
      : n.stack === other.stack
        ? n.id
        : n.region === other.region
          ? `stack:${n.stack}`
          : `region:${n.region}`;
  const edges = new Map<string, GraphEdge & { count: number }>();
  for (const e of model.edges) {
    if (e.kind === 'membership') continue;
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    const from = end(a, b);
    const to = end(b, a);
    if (from === to) continue;
    const key = `${from}>${to}>${e.kind}`;
    const found = edges.get(key);
    edges.set(key, { from, to, kind: e.kind, count: (found?.count ?? 0) + 1, label: e.label });
  }
  const labelled = [...edges.values()].map(({ count, ...e }) => {
    const aggregated =
      e.from.startsWith('stack:') ||
      e.from.startsWith('region:') ||
      e.to.startsWith('stack:') ||
      e.to.startsWith('region:');
    const word = FLOW_KINDS[e.kind].label;
    return {
      ...e,
      label:
        e.kind === 'other'
          ? aggregated
            ? `uses ×${count}`
            : undefined
          : aggregated
            ? `${word} ×${count}`
            : e.kind === 'encryption'
              ? undefined
              : e.label,
    };
  });
  return {
    id: 'architecture',
    title: `${stage}: stacks, main resources and flows`,
    caption:
      'Stacks grouped by region; many resources of a kind in a stack are one box (×N). Arrows between stacks stand for all references of one kind (×N); colours are flow kinds (legend). The views below follow each flow resource by resource.',
    groups: stackGroups(model.nodes, primary),
    nodes: model.nodes.map((n) => boxOf(n)),
    edges: labelled,
  };
}

/** The boxes at either end of the selected edges, with the groups they sit in. */
function subgraph(
  model: DiagramModel,
  id: string,
  title: string,
  caption: string,
  primary: string,
  edges: readonly GraphEdge[],
  detail: (n: DiagramNode) => string | undefined = () => undefined,
  also: (n: DiagramNode) => boolean = () => false,
): Graph {
  const used = new Set(edges.flatMap((e) => [e.from, e.to]));
  for (const n of model.nodes) if (also(n)) used.add(n.id);
  const nodes = model.nodes.filter((n) => used.has(n.id));
  return {
    id,
    title,
    caption,
    groups: stackGroups(nodes, primary),
    nodes: nodes.map((n) => boxOf(n, detail(n))),
    edges,
  };
}

const DATA_STORES = new Set([
  'AWS::S3::Bucket',
  'AWS::RDS::DBCluster',
  'AWS::DynamoDB::Table',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
]);

/** Each data store → its key; each backed-up store → its vault → the copy vault in the backup region. */
export function dataProtectionGraph(model: DiagramModel, stage: string, primary: string): Graph {
  const typeOf = new Map(model.nodes.map((n) => [n.id, n.type]));
  const edges: GraphEdge[] = model.edges
    .filter(
      (e) =>
        (e.kind === 'encryption' && DATA_STORES.has(typeOf.get(e.from) ?? '')) ||
        (e.kind === 'backup' && typeOf.get(e.from) !== 'AWS::Backup::BackupPlan'),
    )
    .map((e) => ({ from: e.from, to: e.to, kind: e.kind as GraphEdge['kind'], label: e.label }));
  const keyed = new Set(edges.filter((e) => e.kind === 'encryption').map((e) => e.from));
  return subgraph(
    model,
    'data-protection',
    `${stage}: data protection`,
    'Every data store with the KMS key that encrypts it (a store without an arrow uses no customer-managed key); backed-up stores with their backup vault and the copy vault in the backup region.',
    primary,
    edges,
    (n) =>
      keyed.has(n.id) || !DATA_STORES.has(n.type) ? undefined : `${n.kind}: no KMS key (see its evidence)`,
    (n) => DATA_STORES.has(n.type),
  );
}

function resourceOf(stacks: readonly StackTemplate[], n: DiagramNode): CfnResource | undefined {
  return stacks.find((s) => s.id === n.stack)?.template.Resources?.[n.logicalIds[0]];
}

/** How long a log destination keeps what it receives. */
function retention(resource: CfnResource | undefined): string | undefined {
  if (!resource) return undefined;
  if (resource.Type === 'AWS::Logs::LogGroup') {
    const days = readProperty(resource, 'RetentionInDays');
    return typeof days === 'number' ? `retention ${days} days` : 'retention: never expires';
  }
  if (resource.Type === 'AWS::S3::Bucket') {
    const days = readProperty(resource, 'LifecycleConfiguration.Rules[*].ExpirationInDays');
    const list = Array.isArray(days) ? days.filter((d): d is number => typeof d === 'number') : [];
    return list.length ? `objects expire after ${Math.max(...list)} days` : 'objects kept (no expiry)';
  }
  return undefined;
}

/** Every log source → its destination, destinations with their retention. */
export function loggingGraph(
  model: DiagramModel,
  stacks: readonly StackTemplate[],
  stage: string,
  primary: string,
): Graph {
  const edges: GraphEdge[] = model.edges
    .filter((e) => e.kind === 'logging')
    .map((e) => ({ from: e.from, to: e.to, kind: 'logging', label: undefined }));
  const destinations = new Set(edges.map((e) => e.to));
  return subgraph(
    model,
    'logging',
    `${stage}: logging`,
    'Every log source with its destination; each destination says how long it keeps the logs.',
    primary,
    edges,
    (n) => (destinations.has(n.id) ? retention(resourceOf(stacks, n)) : undefined),
  );
}

/** Services whose findings event rules route, by the event source they emit. */
const DETECTOR_SOURCES: Record<string, string> = {
  'aws.guardduty': 'AWS::GuardDuty::Detector',
  'aws.securityhub': 'AWS::SecurityHub::Hub',
  'aws.access-analyzer': 'AWS::AccessAnalyzer::Analyzer',
  'aws.config': 'AWS::Config::ConfigurationRecorder',
};

/**
 * Every detector, event rule and alarm → the topic it notifies → the subscribers. `proven` names the
 * alerting paths (`<stack>:<logicalId>` of the rule or alarm) whose delivery the report simulated from the
 * templates and found allowed (report/proofs.ts); every other path is marked "delivery not yet proven".
 */
export function alertingGraph(
  model: DiagramModel,
  stacks: readonly StackTemplate[],
  stage: string,
  primary: string,
  proven: ReadonlySet<string> = new Set(),
): Graph {
  const nodes = new Map<string, DiagramNode>();
  const edges: GraphEdge[] = [];
  const topics = new Map(model.nodes.filter((n) => n.type === 'AWS::SNS::Topic').map((n) => [n.id, n]));
  const mark = (keys: readonly string[]) =>
    keys.length && keys.every((k) => proven.has(k))
      ? { text: 'delivery proven', ok: true }
      : { text: 'delivery not yet proven', ok: false };
  const marks = new Map<string, GraphNode['mark']>();
  const topicOf = (value: Json | undefined, stack: StackTemplate) =>
    collectReferences(value, stack, stacks)
      .filter((t) => t.resource.Type === 'AWS::SNS::Topic')
      .map((t) => `${t.stack.id}:${t.logicalId}`)
      .filter((id) => topics.has(id));
  for (const stack of stacks) {
    const alarms: string[] = [];
    const alarmTopics = new Set<string>();
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (resource.Type === 'AWS::Events::Rule') {
        const targets = topicOf(resource.Properties?.Targets, stack);
        if (!targets.length) continue;
        const id = `${stack.id}:${logicalId}`;
        const source = readProperty(resource, 'EventPattern.source');
        const sources = Array.isArray(source) ? source.filter((s): s is string => typeof s === 'string') : [];
        nodes.set(id, {
          id,
          stack: stack.id,
          region: stack.region,
          type: resource.Type,
          logicalIds: [logicalId],
          label: labelOf(logicalId, resource, stack).replace(/^SecurityEvents\//, ''),
          kind: `Event rule: ${sources.join(', ') || 'events'}`,
          category: 'monitoring',
          count: 1,
        });
        marks.set(id, mark([id]));
        for (const t of targets) edges.push({ from: id, to: t, kind: 'alerting' });
        for (const s of sources) {
          // A rule matches the events of its own region's bus: detectors of that region only.
          for (const d of model.nodes.filter(
            (n) => n.type === DETECTOR_SOURCES[s] && n.region === stack.region,
          )) {
            nodes.set(d.id, d);
            edges.push({ from: d.id, to: id, kind: 'alerting', label: 'findings' });
          }
        }
      }
      if (resource.Type === 'AWS::CloudWatch::Alarm') {
        const targets = topicOf(resource.Properties?.AlarmActions, stack);
        if (!targets.length) continue;
        alarms.push(logicalId);
        targets.forEach((t) => alarmTopics.add(t));
      }
    }
    if (alarms.length) {
      const id = `${stack.id}:alarms`;
      nodes.set(id, {
        id,
        stack: stack.id,
        region: stack.region,
        type: 'AWS::CloudWatch::Alarm',
        logicalIds: alarms,
        label: `${stack.id} alarms`,
        kind: 'CloudWatch alarms',
        category: 'monitoring',
        count: alarms.length,
      });
      marks.set(id, mark(alarms.map((a) => `${stack.id}:${a}`)));
      for (const t of alarmTopics) edges.push({ from: id, to: t, kind: 'alerting' });
    }
  }
  for (const e of model.edges.filter((x) => x.kind === 'alerting' && topics.has(x.from))) {
    if (model.nodes.find((n) => n.id === e.to)?.type !== 'AWS::SNS::Topic') {
      edges.push({ from: e.from, to: e.to, kind: 'alerting', label: e.label });
    }
  }
  const used = new Set(edges.flatMap((e) => [e.from, e.to]));
  for (const n of model.nodes) if (used.has(n.id) && !nodes.has(n.id)) nodes.set(n.id, n);
  const all = [...nodes.values()];
  const unique = [...new Map(edges.map((e) => [`${e.from}>${e.to}`, e])).values()];
  return {
    id: 'alerting',
    title: `${stage}: alerting`,
    caption:
      'Every detector, event rule and alarm with the topic it notifies and the subscribers. "Delivery proven": every call of its delivery (publish to the topic, use of the topic key) was simulated from the templates and allowed (see Alert routes); "not yet proven": a call was denied or no proof was evaluated.',
    groups: stackGroups(all, primary),
    nodes: all.map((n) => ({
      ...boxOf(n, n.count > 1 ? `${n.count} alarms` : n.kind),
      mark: marks.get(n.id),
    })),
    edges: unique,
  };
}

/** Tier of a subnet from its construct path (`.../appSubnet2/Subnet` -> `app`). */
function tierOfSubnet(resource: CfnResource): string | undefined {
  const p = resource.Metadata?.['aws:cdk:path'];
  return typeof p === 'string' ? /\/([a-zA-Z]+?)Subnet\d+\//.exec(p)?.[1]?.toLowerCase() : undefined;
}

const portsOf = (r: { [key: string]: Json }): string => {
  const from = r.FromPort;
  const to = r.ToPort;
  const proto = r.IpProtocol === '-1' ? 'all' : String(r.IpProtocol ?? 'tcp');
  return from === undefined
    ? proto
    : from === to || to === undefined
      ? `${proto} ${from}`
      : `${proto} ${from}-${to}`;
};

/** Tiers with what runs in them, gateways, endpoints, security groups and who may connect to whom. */
export function networkGraph(stacks: readonly StackTemplate[], stage: string, primary: string): Graph {
  const groups: GraphGroup[] = [];
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const tierOf = new Map<string, string>(); // `${stack}:${subnet logicalId}` -> tier group id
  const sgNode = new Map<string, string>(); // `${stack}:${sg logicalId}` -> node id
  const resolve = (value: Json | undefined, stack: StackTemplate) => collectReferences(value, stack, stacks);
  const vpcs = stacks.filter((s) =>
    Object.values(s.template.Resources ?? {}).some((r) => r.Type === 'AWS::EC2::VPC'),
  );
  groups.push(
    ...regionGroups(
      vpcs.map((s) => s.region),
      primary,
    ),
  );
  nodes.push({
    id: OUTSIDE,
    label: 'Internet',
    detail: 'clients and AWS public endpoints',
    category: 'external',
  });
  for (const stack of vpcs) {
    const res = Object.entries(stack.template.Resources ?? {});
    const vpcGroup = `vpc:${stack.id}`;
    const cidr = res.find(([, r]) => r.Type === 'AWS::EC2::VPC')?.[1].Properties?.CidrBlock;
    groups.push({
      id: vpcGroup,
      label: `${stack.id} VPC ${typeof cidr === 'string' ? cidr : ''}`.trim(),
      style: 'stack',
      parent: `region:${stack.region}`,
    });
    const subnetsByTier = new Map<string, string[]>();
    for (const [id, r] of res.filter(([, r]) => r.Type === 'AWS::EC2::Subnet')) {
      const tier = tierOfSubnet(r) ?? 'other';
      subnetsByTier.set(tier, [...(subnetsByTier.get(tier) ?? []), id]);
      tierOf.set(`${stack.id}:${id}`, `tier:${stack.id}:${tier}`);
    }
    for (const [tier, ids] of subnetsByTier) {
      const g = `tier:${stack.id}:${tier}`;
      groups.push({ id: g, label: `${tier} tier`, style: 'tier', parent: vpcGroup });
      nodes.push({
        id: `${g}:subnets`,
        label: `${tier} subnets`,
        detail: `${ids.length} subnets, ${tier} network ACL`,
        category: 'network',
        group: g,
      });
    }
    const igw = res.find(([, r]) => r.Type === 'AWS::EC2::InternetGateway');
    if (igw) {
      nodes.push({
        id: `${stack.id}:igw`,
        label: 'Internet gateway',
        detail: 'InternetGateway',
        category: 'network',
        group: vpcGroup,
      });
      edges.push({ from: OUTSIDE, to: `${stack.id}:igw`, kind: 'network' });
    }
    const nats = res.filter(([, r]) => r.Type === 'AWS::EC2::NatGateway');
    if (nats.length) {
      const subnet = resolve(nats[0][1].Properties?.SubnetId, stack)[0];
      const g = subnet ? tierOf.get(`${subnet.stack.id}:${subnet.logicalId}`) : undefined;
      nodes.push({
        id: `${stack.id}:nat`,
        label: 'NAT gateways',
        detail: `${nats.length} NAT gateways (egress only)`,
        category: 'network',
        group: g ?? vpcGroup,
      });
      if (igw)
        edges.push({ from: `${stack.id}:nat`, to: `${stack.id}:igw`, kind: 'network', label: 'egress' });
    }
    const endpoints = res.filter(([, r]) => r.Type === 'AWS::EC2::VPCEndpoint');
    const gateway = endpoints.filter(([, r]) => readProperty(r, 'VpcEndpointType') !== 'Interface');
    const iface = endpoints.filter(([, r]) => readProperty(r, 'VpcEndpointType') === 'Interface');
    if (gateway.length) {
      nodes.push({
        id: `${stack.id}:gateway-endpoints`,
        label: 'Gateway endpoints',
        detail: `${gateway.map(([, r]) => labelOf('', r, stack).split('/').pop()).join(', ')}`,
        category: 'network',
        group: vpcGroup,
      });
    }
    if (iface.length) {
      const subnet = resolve(iface[0][1].Properties?.SubnetIds, stack)[0];
      const g = subnet ? tierOf.get(`${subnet.stack.id}:${subnet.logicalId}`) : undefined;
      nodes.push({
        id: `${stack.id}:interface-endpoints`,
        label: 'Interface endpoints',
        detail: `${iface.length} services, private DNS`,
        category: 'network',
        group: g ?? vpcGroup,
      });
      for (const sg of resolve(iface[0][1].Properties?.SecurityGroupIds, stack)) {
        sgNode.set(`${sg.stack.id}:${sg.logicalId}`, `${stack.id}:interface-endpoints`);
      }
    }
  }
  // Workloads placed in the tiers by their subnets, each standing for its security groups.
  for (const stack of stacks) {
    for (const [logicalId, r] of Object.entries(stack.template.Resources ?? {})) {
      let subnets: Json | undefined;
      let sgs: Json | undefined;
      let label = '';
      if (r.Type === 'AWS::RDS::DBCluster') {
        const group = resolve(r.Properties?.DBSubnetGroupName, stack)[0];
        subnets = group?.resource.Properties?.SubnetIds;
        sgs = r.Properties?.VpcSecurityGroupIds;
        label = 'Aurora cluster';
      } else if (r.Type === 'AWS::Lambda::Function' && r.Properties?.VpcConfig) {
        subnets = readProperty(r, 'VpcConfig.SubnetIds');
        sgs = readProperty(r, 'VpcConfig.SecurityGroupIds');
        label = labelOf(logicalId, r, stack);
      } else continue;
      const subnet = resolve(subnets, stack)[0];
      const g = subnet ? tierOf.get(`${subnet.stack.id}:${subnet.logicalId}`) : undefined;
      if (!g) continue;
      const id = `${stack.id}:${logicalId}`;
      nodes.push({
        id,
        label,
        detail: `${r.Type.split('::').slice(1).join(' ')} (${stack.id})`,
        category: r.Type === 'AWS::RDS::DBCluster' ? 'data' : 'compute',
        group: g,
      });
      for (const sg of resolve(sgs, stack)) sgNode.set(`${sg.stack.id}:${sg.logicalId}`, id);
    }
  }
  // Who may connect: ingress rules between security groups (and from CIDRs), drawn between what uses them.
  const ensureSg = (stack: StackTemplate, logicalId: string, r: CfnResource) => {
    const id = sgNode.get(`${stack.id}:${logicalId}`) ?? `${stack.id}:${logicalId}`;
    if (!nodes.some((n) => n.id === id)) {
      nodes.push({
        id,
        label: labelOf(logicalId, r, stack).replace(/^Vpc\//, ''),
        detail: 'security group (nothing attached here)',
        category: 'security',
        group: vpcs.some((v) => v.id === stack.id) ? `vpc:${stack.id}` : undefined,
      });
    }
    return id;
  };
  for (const stack of stacks) {
    for (const [logicalId, r] of Object.entries(stack.template.Resources ?? {})) {
      const rules: {
        target: { stack: StackTemplate; logicalId: string; resource: CfnResource };
        rule: { [key: string]: Json };
      }[] = [];
      if (r.Type === 'AWS::EC2::SecurityGroup') {
        const inline = r.Properties?.SecurityGroupIngress;
        for (const rule of Array.isArray(inline) ? inline : [])
          rules.push({ target: { stack, logicalId, resource: r }, rule: rule as { [key: string]: Json } });
      }
      if (r.Type === 'AWS::EC2::SecurityGroupIngress') {
        const target = resolve(r.Properties?.GroupId, stack)[0];
        if (target) rules.push({ target, rule: r.Properties ?? {} });
      }
      for (const { target, rule } of rules) {
        const to = ensureSg(target.stack, target.logicalId, target.resource);
        const source = resolve(rule.SourceSecurityGroupId, target.stack)[0];
        const from = source
          ? ensureSg(source.stack, source.logicalId, source.resource)
          : rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0'
            ? OUTSIDE
            : undefined;
        const label =
          source || !rule.CidrIp
            ? portsOf(rule)
            : rule.CidrIp === '0.0.0.0/0'
              ? portsOf(rule)
              : `${portsOf(rule)} from ${String(rule.CidrIp)}`;
        if (from) edges.push({ from, to, kind: 'network', label });
        else {
          const n = nodes.find((x) => x.id === to)!;
          nodes[nodes.indexOf(n)] = { ...n, detail: `${n.detail}; ${label}` };
        }
      }
    }
  }
  return {
    id: 'network',
    title: `${stage}: network`,
    caption:
      'Tiers with what runs in them, gateways and endpoints; arrows are the connections security groups allow (port), so what can reach the data tier is the chain of arrows into it.',
    groups,
    nodes,
    edges: [...new Map(edges.map((e) => [`${e.from}>${e.to}>${e.label}`, e])).values()],
  };
}
