/**
 * The ELK helper's group-by-group layout (report/diagram/elk-helper.ts): the coordinates ELK's own
 * recursive layout gives, with each group that recurs in a run (a stack Dev and Prod share) laid out once.
 */
import ELK, { type ElkNode } from 'elkjs';
import { readAssembly } from '../../../report/assembly';
import { environmentGraphs, layoutOptions } from '../../../report/diagram';
import { groupwiseLayout } from '../../../report/diagram/elk-helper';
import { elkGraph } from '../../../report/diagram/layout';
import { TEST_ASSEMBLY_DIR } from '../../support/assembly';

const elk = new ELK();
const assembly = readAssembly(TEST_ASSEMBLY_DIR);

/** The ELK input of an environment's overview, as the report sends it to the helper. */
function overview(stage: string): ElkNode {
  const stacks = assembly.stages.find((s) => s.stage === stage)!.stacks;
  const graph = environmentGraphs(stacks, stage, 'eu-west-1').find((g) => g.id === 'architecture')!;
  return elkGraph(graph, ...layoutOptions(graph.id));
}

/** Every shape, edge point and label of a layout, by id, rounded to a millionth of a pixel. */
function coordinates(out: ElkNode): Record<string, number[]> {
  const found: Record<string, number[]> = {};
  const r = (v: number | undefined) => Math.round((v ?? 0) * 1e6) / 1e6;
  const visit = (n: ElkNode) => {
    found[n.id] = [r(n.x), r(n.y), r(n.width), r(n.height)];
    for (const e of n.edges ?? []) {
      const s = e.sections?.[0];
      found[e.id] = [
        ...[s!.startPoint, ...(s!.bendPoints ?? []), s!.endPoint].flatMap((p) => [r(p.x), r(p.y)]),
        ...(e.labels ?? []).flatMap((l) => [r(l.x), r(l.y)]),
      ];
    }
    (n.children ?? []).forEach(visit);
  };
  visit(out);
  return found;
}

/** An ELK engine that counts the graphs it lays out. */
function counting(): { engine: { layout(g: ElkNode): Promise<ElkNode> }; calls: () => number } {
  let calls = 0;
  return {
    engine: {
      layout: (g) => {
        calls++;
        return elk.layout(g);
      },
    },
    calls: () => calls,
  };
}

const copy = (g: ElkNode): ElkNode => JSON.parse(JSON.stringify(g)) as ElkNode;

test.each(['Dev', 'Prod'])(
  'lays the %s overview out group by group with the coordinates of ELK laying it out whole',
  async (stage) => {
    const input = overview(stage);
    const whole = coordinates(await elk.layout(copy(input)));
    const groupwise = coordinates(await groupwiseLayout(elk)(copy(input)));
    expect(Object.keys(whole).length).toBeGreaterThan(100);
    expect(groupwise).toEqual(whole);
  },
);

test('lays out a stack that Prod shares with Dev once: Prod costs fewer ELK runs than it has groups', async () => {
  const { engine, calls } = counting();
  const layout = groupwiseLayout(engine);
  const groupsOf = (n: ElkNode): number =>
    (n.children ?? []).reduce((sum, c) => sum + groupsOf(c), (n.children ?? []).length > 0 ? 1 : 0);
  await layout(overview('Dev'));
  const afterDev = calls();
  await layout(overview('Prod'));
  const prodRuns = calls() - afterDev;
  // Every group and the root would be one run each without the kept layouts.
  expect(afterDev).toBeLessThanOrEqual(groupsOf(overview('Dev')));
  expect(prodRuns).toBeGreaterThan(0);
  expect(prodRuns).toBeLessThan(groupsOf(overview('Prod')) / 2);
});

test('a graph laid out with its children (the views) is one ELK run, as ELK lays it out', async () => {
  const { engine, calls } = counting();
  const stacks = assembly.stages.find((s) => s.stage === 'Prod')!.stacks;
  const graph = environmentGraphs(stacks, 'Prod', 'eu-west-1').find((g) => g.id === 'data-protection')!;
  const input = elkGraph(graph, ...layoutOptions(graph.id));
  const out = await groupwiseLayout(engine)(copy(input));
  expect(calls()).toBe(1);
  expect(coordinates(out)).toEqual(coordinates(await elk.layout(copy(input))));
});
