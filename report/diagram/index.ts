/**
 * The report's diagrams of one environment: the architecture overview and the data protection, logging,
 * alerting and network views, each laid out by ELK and written as its own self-contained SVG.
 */
import type { StackTemplate } from '../assembly';
import type { Graph } from './graph';
import { type Layout, layoutGraph } from './layout';
import { diagramModel } from './model';
import { renderSvg } from './svg';
import { alertingGraph, dataProtectionGraph, loggingGraph, networkGraph, overviewGraph } from './views';

export interface RenderedDiagram {
  readonly id: DiagramId;
  readonly title: string;
  readonly caption: string;
  /** File name in the environment's report folder. */
  readonly file: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly nodes: number;
  readonly edges: number;
  readonly graph: Graph;
  readonly layout: Layout;
}

/** File of each diagram, by graph id. */
export const DIAGRAM_FILES = {
  architecture: 'architecture.svg',
  'data-protection': 'view-data-protection.svg',
  logging: 'view-logging.svg',
  alerting: 'view-alerting.svg',
  network: 'view-network.svg',
} as const;

export type DiagramId = keyof typeof DIAGRAM_FILES;

/**
 * Layout per diagram: regions stacked top to bottom; inside a region, flows run left to right, so the
 * stacks that only point at others (keys, topics) form the right-hand column instead of a long row.
 * Inside a stack, boxes stack top to bottom, so a stack with many kinds of resources (Data: database,
 * functions, rules, alarms, vault) grows taller rather than pushing the overview past one screen.
 */
const TIGHT = { 'elk.spacing.nodeNode': '10', 'elk.layered.spacing.nodeNodeBetweenLayers': '24' };
const ROOT = { 'elk.direction': 'DOWN', ...TIGHT };
const GROUPS = {
  region: { 'elk.direction': 'RIGHT', ...TIGHT },
  stack: { ...TIGHT, 'elk.direction': 'DOWN' },
  tier: TIGHT,
};
/**
 * The views join boxes of different stacks directly, so they are laid out as one hierarchical graph;
 * the overview joins stacks and regions instead, and lays each group out on its own (faster).
 */
const VIEW_ROOT = { 'elk.direction': 'RIGHT', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' };

/** The ELK options a diagram is laid out with (exported for the layout tests). */
export function layoutOptions(id: string): [Record<string, string>, Record<string, Record<string, string>>] {
  return id === 'architecture' ? [ROOT, GROUPS] : [VIEW_ROOT, GROUPS];
}

/** One screen: a view wider than this is laid out top to bottom instead. */
export const MAX_WIDTH = 1600;

export async function renderGraph(graph: Graph): Promise<RenderedDiagram> {
  const [root, groups] = layoutOptions(graph.id);
  let layout = await layoutGraph(graph, root, groups);
  let svg = renderSvg(graph, layout);
  if (svgWidth(svg) > MAX_WIDTH && graph.id !== 'architecture') {
    const down = await layoutGraph(graph, { ...root, 'elk.direction': 'DOWN' }, groups);
    const downSvg = renderSvg(graph, down);
    if (svgWidth(downSvg) < svgWidth(svg)) [layout, svg] = [down, downSvg];
  }
  const size = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!;
  if (!(graph.id in DIAGRAM_FILES)) throw new Error(`no file name for the diagram '${graph.id}'`);
  const id = graph.id as DiagramId;
  return {
    id,
    title: graph.title,
    caption: graph.caption,
    file: DIAGRAM_FILES[id],
    svg,
    width: Number(size[1]),
    height: Number(size[2]),
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    graph,
    layout,
  };
}

const svgWidth = (svg: string): number => Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);

/** The graphs of one environment (before layout). */
export function environmentGraphs(
  stacks: readonly StackTemplate[],
  stage: string,
  primaryRegion: string,
  proven: ReadonlySet<string> = new Set(),
): Graph[] {
  // The workload only: stacks of nested stages (the one-time <Env>/Bootstrap policies) are not drawn.
  stacks = stacks.filter((s) => !s.id.includes('/'));
  const model = diagramModel(stacks);
  return [
    overviewGraph(model, stage, primaryRegion),
    dataProtectionGraph(model, stage, primaryRegion),
    loggingGraph(model, stacks, stage, primaryRegion),
    alertingGraph(model, stacks, stage, primaryRegion, proven),
    networkGraph(stacks, stage, primaryRegion),
  ];
}

/**
 * @param proven `<stack>:<logicalId>` of the rules and alarms whose delivery was simulated and allowed
 *   (report/proofs.ts `provenSources`); the alerting view marks only those "delivery proven".
 */
export async function buildDiagrams(
  stacks: readonly StackTemplate[],
  stage: string,
  primaryRegion: string,
  proven: ReadonlySet<string> = new Set(),
): Promise<RenderedDiagram[]> {
  // All queued at once: the layout helper takes them in order, without waiting for this thread.
  return Promise.all(environmentGraphs(stacks, stage, primaryRegion, proven).map(renderGraph));
}

/**
 * Starts laying out the diagrams of an environment now, in the background (elk-pool.ts), so that the
 * layout runs while the report does its other work; a later {@link buildDiagrams} of the same stacks gets
 * the same layouts (layout.ts keeps them by input). The alerting marks come from the proofs but do not
 * change the layout, so the layout can start before the proofs. Errors surface in that later call.
 */
export function prefetchDiagrams(
  stacks: readonly StackTemplate[],
  stage: string,
  primaryRegion: string,
): void {
  buildDiagrams(stacks, stage, primaryRegion).catch(() => undefined);
}
