/**
 * Lays a diagram out with ELK (Eclipse Layout Kernel, the `elkjs` build): layered layout with compound
 * nodes (regions, stacks, tiers), orthogonal edge routing and edge labels placed by the library. All
 * coordinates come back absolute, so the SVG renderer only draws.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ElkExtendedEdge, ElkNode } from 'elkjs';
import { layoutOnWorker } from './elk-pool';
import type { Graph, GraphEdge, GraphGroup, GraphNode } from './graph';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedNode extends Box {
  readonly node: GraphNode;
}

export interface PlacedGroup extends Box {
  readonly group: GraphGroup;
}

export interface PlacedEdge {
  readonly edge: GraphEdge;
  /** Polyline of the routed edge, start to end. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly label?: Box & { readonly text: string };
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly groups: readonly PlacedGroup[];
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

/** Approximate text widths of the system sans-serif font (no font metrics offline). */
const textWidth = (text: string, size: number, bold = false): number =>
  Math.ceil(text.length * size * (bold ? 0.6 : 0.55));

/**
 * ELK layouts cached on disk by their exact input (ELK is deterministic: same graph and options, same
 * coordinates), next to the transpile cache: a synth whose diagrams did not change starts no ELK helper
 * (for the two example environments it uses about 1.3 s of CPU).
 * A read-only or missing cache only costs the layout.
 */
const LAYOUT_CACHE = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'diagram-layouts');
const ELK_VERSION = (
  JSON.parse(fs.readFileSync(require.resolve('elkjs/package.json'), 'utf8')) as { version: string }
).version;

let cacheEnabled = true;
/** Turns the layout cache off or on (the determinism test compares two real ELK runs). */
export function useLayoutCache(enabled: boolean): void {
  cacheEnabled = enabled;
}

/**
 * Layouts of this run by their exact input, finished or still running: `prefetchDiagrams` (index.ts) starts
 * them early, and the report's later call with the same graph gets the same promise.
 */
const layouts = new Map<string, Promise<ElkNode>>();

function cachedLayout(root: ElkNode): Promise<ElkNode> {
  const input = JSON.stringify(root);
  if (!cacheEnabled) return layoutOnWorker(input);
  let out = layouts.get(input);
  if (!out) {
    out = diskCachedLayout(input);
    layouts.set(input, out);
  }
  return out;
}

async function diskCachedLayout(input: string): Promise<ElkNode> {
  const key = crypto.createHash('sha256').update(ELK_VERSION).update(input).digest('hex');
  const file = path.join(LAYOUT_CACHE, `${key}.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ElkNode;
  } catch {
    // Not cached yet (or unreadable): lay it out.
  }
  const out = await layoutOnWorker(input);
  try {
    fs.mkdirSync(LAYOUT_CACHE, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(out));
    fs.renameSync(tmp, file);
  } catch {
    // Read-only checkout: no cache.
  }
  return out;
}

export const NODE_HEIGHT = 42;
export const LABEL_SIZE = 10;
export const GROUP_HEADER = 22;

/** Boxes with a mark have a third line. */
export const nodeHeight = (n: GraphNode): number => (n.mark ? NODE_HEIGHT + 14 : NODE_HEIGHT);

/**
 * A box with a mark has room for a mark of this many characters whatever it says, so the layout does not
 * depend on it: the alerting view's marks come from the proofs, and its layout can start before them.
 */
const MARK_ROOM = 25; // '○ delivery not yet proven'

export function nodeWidth(n: GraphNode): number {
  const mark = n.mark ? textWidth(`○ ${n.mark.text}`.padEnd(MARK_ROOM), 10, true) + 16 : 0;
  return Math.min(
    176,
    Math.max(96, mark, textWidth(n.label, 12.5, true) + 20, textWidth(n.detail, 10.5) + 20),
  );
}

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '30',
  'elk.spacing.nodeNode': '14',
  'elk.spacing.edgeNode': '12',
  'elk.spacing.edgeEdge': '8',
  'elk.spacing.edgeLabel': '2',
  'elk.spacing.componentComponent': '24',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.json.edgeCoords': 'ROOT',
  'elk.json.shapeCoords': 'ROOT',
  'elk.randomSeed': '1',
};

const GROUP_OPTIONS: Record<GraphGroup['style'], Record<string, string>> = {
  region: { 'elk.padding': `[top=${GROUP_HEADER + 10},left=12,bottom=12,right=12]` },
  stack: { 'elk.padding': `[top=${GROUP_HEADER + 4},left=10,bottom=10,right=10]` },
  tier: { 'elk.padding': `[top=${GROUP_HEADER + 4},left=10,bottom=10,right=10]` },
};

/**
 * Lays the graph out. Each group is laid out on its own (children first), so an edge is routed inside the
 * innermost group that holds both ends: an edge may therefore join two groups (e.g. two stacks) as well
 * as two boxes. `options` override the root's layout options; `GROUP_OPTIONS` set each group's.
 */
export async function layoutGraph(
  graph: Graph,
  options: Record<string, string> = {},
  groupOptions: Partial<Record<GraphGroup['style'], Record<string, string>>> = {},
): Promise<Layout> {
  const out = await cachedLayout(elkGraph(graph, options, groupOptions));
  return placed(graph, out);
}

/** The ELK input of a graph: boxes `n<i>` and groups `g<i>` by their position in it, edges `e<i>`. */
export function elkGraph(
  graph: Graph,
  options: Record<string, string> = {},
  groupOptions: Partial<Record<GraphGroup['style'], Record<string, string>>> = {},
): ElkNode {
  // ELK ids are positions, not names: two environments whose diagrams have the same shape (Dev and Prod
  // differ in few places) give the same ELK input, laid out once (cachedLayout).
  const groupKeys = new Map(graph.groups.map((g, i) => [g.id, `g${i}`]));
  const nodeKeys = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const gk = (id: string): string => groupKeys.get(id) ?? `g:${id}`;
  const nk = (id: string): string => nodeKeys.get(id)!;
  const parent = new Map<string, string | undefined>();
  for (const g of graph.groups) parent.set(gk(g.id), g.parent === undefined ? undefined : gk(g.parent));
  for (const n of graph.nodes) {
    if (n.group !== undefined && !groupKeys.has(n.group)) {
      throw new Error(`diagram '${graph.id}': box '${n.id}' names the unknown group '${n.group}'`);
    }
    parent.set(nk(n.id), n.group === undefined ? undefined : gk(n.group));
  }
  const elkId = (id: string): string => {
    if (nodeKeys.has(id)) return nk(id);
    if (groupKeys.has(id)) return gk(id);
    throw new Error(`diagram '${graph.id}': an edge names '${id}', which is neither a box nor a group`);
  };
  const ancestors = (id: string): (string | undefined)[] => {
    const out: (string | undefined)[] = [];
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) out.push(p);
    return [...out, undefined];
  };
  const container = (a: string, b: string): string | undefined => {
    const up = new Set(ancestors(a));
    return ancestors(b).find((x) => up.has(x) && x !== a && x !== b);
  };
  const edgesIn = new Map<string | undefined, ElkExtendedEdge[]>();
  graph.edges.forEach((e, i) => {
    const from = elkId(e.from);
    const to = elkId(e.to);
    const where = container(from, to);
    edgesIn.set(where, [
      ...(edgesIn.get(where) ?? []),
      {
        id: `e${i}`,
        sources: [from],
        targets: [to],
        labels: e.label
          ? [{ text: e.label, width: textWidth(e.label, LABEL_SIZE) + 6, height: LABEL_SIZE + 4 }]
          : [],
      },
    ]);
  });
  const children = new Map<string | undefined, ElkNode[]>();
  const push = (p: string | undefined, n: ElkNode) => children.set(p, [...(children.get(p) ?? []), n]);
  for (const n of graph.nodes) push(n.group, { id: nk(n.id), width: nodeWidth(n), height: nodeHeight(n) });
  const build = (g: GraphGroup): ElkNode => ({
    id: gk(g.id),
    layoutOptions: { ...ROOT_OPTIONS, ...GROUP_OPTIONS[g.style], ...groupOptions[g.style] },
    children: [...graph.groups.filter((c) => c.parent === g.id).map(build), ...(children.get(g.id) ?? [])],
    edges: edgesIn.get(gk(g.id)) ?? [],
  });
  return {
    id: 'root',
    layoutOptions: { ...ROOT_OPTIONS, ...options },
    children: [
      ...graph.groups.filter((g) => g.parent === undefined).map(build),
      ...(children.get(undefined) ?? []),
    ],
    edges: edgesIn.get(undefined) ?? [],
  };
}

/** The layout of `graph` from ELK's output for {@link elkGraph}. */
function placed(graph: Graph, out: ElkNode): Layout {
  const groupKeys = new Map(graph.groups.map((g, i) => [g.id, `g${i}`]));
  const nodeKeys = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const groups: PlacedGroup[] = [];
  const nodes: PlacedNode[] = [];
  const byId = new Map(graph.nodes.map((n) => [nodeKeys.get(n.id)!, n]));
  const groupById = new Map(graph.groups.map((g) => [groupKeys.get(g.id)!, g]));
  const visit = (n: ElkNode) => {
    const box = { x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 };
    const group = groupById.get(n.id);
    if (group) groups.push({ group, ...box });
    const node = byId.get(n.id);
    if (node) nodes.push({ node, ...box });
    (n.children ?? []).forEach(visit);
  };
  (out.children ?? []).forEach(visit);

  const placedEdges: PlacedEdge[] = [];
  const collect = (n: ElkNode) => {
    for (const e of (n.edges ?? []) as ElkExtendedEdge[]) {
      const index = Number(e.id.slice(1));
      const section = e.sections?.[0];
      if (!section) continue;
      const label = e.labels?.[0];
      placedEdges[index] = {
        edge: graph.edges[index],
        points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({
          x: p.x,
          y: p.y,
        })),
        label: label
          ? {
              text: label.text ?? '',
              x: label.x ?? 0,
              y: label.y ?? 0,
              width: label.width ?? 0,
              height: label.height ?? 0,
            }
          : undefined,
      };
    }
    (n.children ?? []).forEach(collect);
  };
  collect(out);
  return {
    width: Math.ceil(out.width ?? 0),
    height: Math.ceil(out.height ?? 0),
    groups,
    nodes,
    edges: placedEdges.filter((e) => e !== undefined),
  };
}
