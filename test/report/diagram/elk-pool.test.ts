/**
 * The ELK helper process: it gets every layout as soon as it is asked for (so it never waits for the
 * report's busy thread to hand over the next one); a graph ELK rejects fails its own layout with ELK's
 * message, and the helper keeps serving the layouts after it (a bad graph never hangs or poisons the
 * report's other diagrams).
 */
import { layoutOnWorker, layoutsInHelper } from '../../../report/diagram/elk-pool';

const twoBoxes = {
  id: 'root',
  layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' },
  children: [
    { id: 'a', width: 40, height: 20 },
    { id: 'b', width: 40, height: 20 },
  ],
  edges: [{ id: 'e', sources: ['a'], targets: ['b'] }],
};

test('lays a graph out in the helper: the edge runs left to right between the two boxes', async () => {
  const out = await layoutOnWorker(JSON.stringify(twoBoxes));
  const [a, b] = out.children!;
  expect(b.x).toBeGreaterThanOrEqual(a.x! + a.width!);
  expect(out.edges).toHaveLength(1);
});

test('fails if ELK rejects the graph (an edge to a missing box), and lays out the next graph', async () => {
  const broken = { ...twoBoxes, edges: [{ id: 'e', sources: ['a'], targets: ['missing'] }] };
  await expect(layoutOnWorker(JSON.stringify(broken))).rejects.toThrow(/^ELK layout failed: .*missing/);
  const out = await layoutOnWorker(JSON.stringify(twoBoxes));
  expect(out.children!.map((c) => c.id)).toEqual(['a', 'b']);
});

test('hands every layout to the helper at once; the helper answers each', async () => {
  const asked = [0, 1, 2].map(() => layoutOnWorker(JSON.stringify(twoBoxes)));
  expect(layoutsInHelper()).toBe(3);
  const outs = await Promise.all(asked);
  expect(outs.map((o) => o.children!.map((c) => c.id))).toEqual([
    ['a', 'b'],
    ['a', 'b'],
    ['a', 'b'],
  ]);
  expect(layoutsInHelper()).toBe(0);
});
