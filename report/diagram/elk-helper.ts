/**
 * The ELK helper process (elk-pool.ts starts it): lays out the graphs it is sent, one after another in the
 * order they arrive, and answers each by its number.
 *
 * A group laid out on its own (ELK's default hierarchy handling, which the overview uses: layout.ts) is laid
 * out here group by group, innermost first, as ELK's own recursive layout does it, so that a group met
 * again in this run is not laid out again: the Dev and Prod overviews share most of their stacks (11 of
 * 15 in the example environments), and a stack's layout does not depend on where the stack is placed.
 */
import ELK, {
  type ElkEdgeSection,
  type ElkExtendedEdge,
  type ElkLabel,
  type ElkNode,
  type ElkPoint,
} from 'elkjs';

/** The part of elkjs's API the helper uses (so tests can count its calls). */
export interface ElkEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** ELK lays a compound node's children out together with it (the views' hierarchy handling). */
const laidOutWithChildren = (n: ElkNode): boolean =>
  n.layoutOptions?.['elk.hierarchyHandling'] === 'INCLUDE_CHILDREN';

/**
 * Lays graphs out with `elk`, each group of a run once: the same coordinates as `elk.layout(graph)`
 * (checked by test/report/diagram/elk-helper.test.ts against ELK's own recursive layout).
 */
export function groupwiseLayout(elk: ElkEngine): (graph: ElkNode) => Promise<ElkNode> {
  /** Layouts of this run by their input, with ids numbered in order so that two equal groups have equal inputs. */
  const kept = new Map<string, Promise<ElkNode>>();

  /** Lays out `graph` as a root, from the run's kept layouts when an equal graph was laid out before. */
  async function once(graph: ElkNode): Promise<ElkNode> {
    const ids: string[] = [];
    const numbered = JSON.stringify(
      renamed(graph, (id) => {
        let i = ids.indexOf(id);
        if (i < 0) i = ids.push(id) - 1;
        return `#${i}`;
      }),
    );
    let layout = kept.get(numbered);
    if (!layout) {
      layout = elk.layout(JSON.parse(numbered) as ElkNode);
      kept.set(numbered, layout);
    }
    const back = new Map(ids.map((id, i) => [`#${i}`, id]));
    let out: ElkNode;
    try {
      out = await layout;
    } catch (e) {
      // ELK's message names our ids ('Referenced shape does not exist: ...').
      throw new Error(String((e as Error).message ?? e).replace(/#\d+/g, (n) => back.get(n) ?? n));
    }
    return renamed(out, (id) => back.get(id) ?? id);
  }

  async function layout(graph: ElkNode): Promise<ElkNode> {
    const children = graph.children ?? [];
    if (laidOutWithChildren(graph) || !children.some((c) => (c.children ?? []).length > 0))
      return once(graph);
    // Each group first, on its own; then this graph, with each group as a box of its laid-out size.
    const groups = new Map<string, ElkNode>();
    for (const c of children) if ((c.children ?? []).length > 0) groups.set(c.id, await layout(c));
    const boxes = children.map((c) => {
      const g = groups.get(c.id);
      if (!g) return c;
      // The group's own options stay on its box, as in ELK's recursive layout.
      return { id: c.id, layoutOptions: c.layoutOptions, width: g.width, height: g.height };
    });
    const out = await once({ ...graph, children: boxes });
    return {
      ...out,
      children: (out.children ?? []).map((box) => {
        const g = groups.get(box.id);
        return g ? moved({ ...g, x: 0, y: 0 }, box.x ?? 0, box.y ?? 0) : box;
      }),
    };
  }
  return layout;
}

/** `node` (a copy) with every id of its subtree, and every reference to one, replaced by `rename(id)`. */
function renamed(node: ElkNode, rename: (id: string) => string): ElkNode {
  const edge = (e: ElkExtendedEdge): ElkExtendedEdge => ({
    ...e,
    id: rename(e.id),
    sources: e.sources.map(rename),
    targets: e.targets.map(rename),
    ...(e.sections
      ? {
          sections: e.sections.map((s) => ({
            ...s,
            ...(s.incomingShape ? { incomingShape: rename(s.incomingShape) } : {}),
            ...(s.outgoingShape ? { outgoingShape: rename(s.outgoingShape) } : {}),
          })),
        }
      : {}),
  });
  return {
    ...node,
    id: rename(node.id),
    ...(node.children ? { children: node.children.map((c) => renamed(c, rename)) } : {}),
    ...(node.edges ? { edges: (node.edges as ElkExtendedEdge[]).map(edge) } : {}),
  };
}

/** `node` with its subtree (shapes, edge sections and labels, all in root coordinates) moved by dx, dy. */
function moved(node: ElkNode, dx: number, dy: number): ElkNode {
  const point = (p: ElkPoint): ElkPoint => ({ ...p, x: p.x + dx, y: p.y + dy });
  const label = (l: ElkLabel): ElkLabel => ({ ...l, x: (l.x ?? 0) + dx, y: (l.y ?? 0) + dy });
  const section = (s: ElkEdgeSection): ElkEdgeSection => ({
    ...s,
    startPoint: point(s.startPoint),
    endPoint: point(s.endPoint),
    ...(s.bendPoints ? { bendPoints: s.bendPoints.map(point) } : {}),
  });
  return {
    ...node,
    x: (node.x ?? 0) + dx,
    y: (node.y ?? 0) + dy,
    ...(node.children ? { children: node.children.map((c) => moved(c, dx, dy)) } : {}),
    ...(node.edges
      ? {
          edges: (node.edges as ElkExtendedEdge[]).map((e) => ({
            ...e,
            ...(e.labels ? { labels: e.labels.map(label) } : {}),
            ...(e.sections ? { sections: e.sections.map(section) } : {}),
          })),
        }
      : {}),
  };
}

/** The helper's loop: ELK loaded once, graphs laid out in the order they arrive. */
function serve(): void {
  const layout = groupwiseLayout(new ELK());
  let queue: Promise<unknown> = Promise.resolve();
  process.on('message', ({ id, input }: { id: number; input: string }) => {
    queue = queue
      .then(() => layout(JSON.parse(input) as ElkNode))
      .then(
        (out) => process.send!({ id, output: JSON.stringify(out) }),
        (e: unknown) => process.send!({ id, error: String((e as Error)?.message ?? e) }),
      );
  });
}

if (require.main === module) serve();
