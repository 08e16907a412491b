/**
 * The report's diagrams as an auditor gets them: laid out by ELK, one screen wide, every arrow between
 * drawn boxes, no box over another, the same bytes for the same templates, and the four views.
 */
import { readAssembly } from '../../../report/assembly';
import { buildDiagrams, DIAGRAM_FILES, type RenderedDiagram } from '../../../report/diagram';
import { type Box, useLayoutCache } from '../../../report/diagram/layout';
import { STAGES, TEST_ASSEMBLY_DIR } from '../../support/assembly';
import { exampleConfig } from '../../support/config';

const assembly = readAssembly(TEST_ASSEMBLY_DIR);
const MAX_WIDTH = 1600;

const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, outer: Box): boolean =>
  a.x >= outer.x &&
  a.y >= outer.y &&
  a.x + a.width <= outer.x + outer.width &&
  a.y + a.height <= outer.y + outer.height;
/** A point on the border of a box (ELK ends edges on the border), within half a pixel. */
const onBorder = (p: { x: number; y: number }, b: Box): boolean => {
  const within = (v: number, lo: number, hi: number) => v >= lo - 0.5 && v <= hi + 0.5;
  const near = (v: number, w: number) => Math.abs(v - w) <= 0.5;
  return (
    (within(p.x, b.x, b.x + b.width) && (near(p.y, b.y) || near(p.y, b.y + b.height))) ||
    (within(p.y, b.y, b.y + b.height) && (near(p.x, b.x) || near(p.x, b.x + b.width)))
  );
};

describe.each(STAGES)('%s diagrams', (stage) => {
  const stacks = assembly.stages.find((s) => s.stage === stage)!.stacks;
  let diagrams: RenderedDiagram[];
  beforeAll(async () => {
    diagrams = await buildDiagrams(stacks, stage, 'eu-west-1');
  });
  const view = (id: string) => diagrams.find((d) => d.id === id)!;

  test('are the overview and the four views, each its own file', () => {
    expect(diagrams.map((d) => [d.id, d.file])).toEqual(Object.entries(DIAGRAM_FILES));
    for (const d of diagrams) expect(d.nodes).toBeGreaterThan(3);
  });

  test(`every diagram fits one screen: at most ${MAX_WIDTH} px wide`, () => {
    for (const d of diagrams) {
      expect({ id: d.id, fits: d.width <= MAX_WIDTH }).toEqual({ id: d.id, fits: true });
      expect(d.svg).toContain(`width="${d.width}"`);
    }
  });

  test('the same templates give byte-identical SVG (laid out again by ELK, not read from the layout cache)', async () => {
    useLayoutCache(false);
    try {
      const again = await buildDiagrams(stacks, stage, 'eu-west-1');
      expect(again.map((d) => d.svg)).toEqual(diagrams.map((d) => d.svg));
    } finally {
      useLayoutCache(true);
    }
  });

  test('every SVG is self-contained (no external references) and escapes text', () => {
    for (const d of diagrams) {
      expect(d.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(d.svg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(
        /https?:|xlink:href|<image|<script|@import/,
      );
      // Inside text only entities: no raw '>', '"' or a bare '&'.
      expect(d.svg).not.toMatch(/<text[^>]*>[^<]*(>|"|&(?!(amp|lt|gt|quot);))[^<]*<\/text>/);
    }
  });

  describe('layout', () => {
    const layouts = () => diagrams.map((d) => ({ d, layout: d.layout }));

    test('every edge is routed and ends on the borders of drawn boxes or groups', () => {
      for (const { d, layout } of layouts()) {
        expect(layout.edges).toHaveLength(d.graph.edges.length);
        const boxes = new Map<string, Box>([
          ...layout.nodes.map((n) => [n.node.id, n] as const),
          ...layout.groups.map((g) => [g.group.id, g] as const),
        ]);
        for (const e of layout.edges) {
          const from = boxes.get(e.edge.from);
          const to = boxes.get(e.edge.to);
          const [first, last] = [e.points[0], e.points[e.points.length - 1]];
          expect({
            view: d.id,
            edge: `${e.edge.from}>${e.edge.to}`,
            start: !!from && onBorder(first, from),
            end: !!to && onBorder(last, to),
          }).toEqual({
            view: d.id,
            edge: `${e.edge.from}>${e.edge.to}`,
            start: true,
            end: true,
          });
        }
        // The SVG draws exactly those ends.
        const drawn = new Set([...d.svg.matchAll(/data-(?:node|group)="([^"]+)"/g)].map((m) => m[1]));
        for (const m of d.svg.matchAll(/data-from="([^"]+)" data-to="([^"]+)"/g)) {
          expect(drawn.has(m[1]) && drawn.has(m[2])).toBe(true);
        }
      }
    });

    test('boxes are pairwise disjoint, sit inside their group, and sibling groups do not overlap', () => {
      for (const { d, layout } of layouts()) {
        expect(layout.nodes.length).toBe(d.graph.nodes.length);
        for (let i = 0; i < layout.nodes.length; i++) {
          for (let j = i + 1; j < layout.nodes.length; j++) {
            const [a, b] = [layout.nodes[i], layout.nodes[j]];
            expect({ view: d.id, a: a.node.id, b: b.node.id, overlap: overlap(a, b) }).toEqual({
              view: d.id,
              a: a.node.id,
              b: b.node.id,
              overlap: false,
            });
          }
        }
        const groupOf = new Map(layout.groups.map((g) => [g.group.id, g]));
        for (const n of layout.nodes) {
          if (n.node.group)
            expect({ id: n.node.id, inside: inside(n, groupOf.get(n.node.group)!) }).toEqual({
              id: n.node.id,
              inside: true,
            });
        }
        for (const a of layout.groups) {
          for (const b of layout.groups) {
            if (a !== b && a.group.parent === b.group.parent) expect(overlap(a, b)).toBe(false);
          }
          if (a.group.parent) expect(inside(a, groupOf.get(a.group.parent)!)).toBe(true);
        }
      }
    });
  });

  test('data protection: the database is backed up to its vault, copied to the backup region, every store shown', () => {
    const g = view('data-protection').graph;
    const node = (id: string) => g.nodes.find((n) => n.id === id)!;
    const backups = g.edges
      .filter((e) => e.kind === 'backup')
      .map(
        (e) => `${node(e.from).label} (${node(e.from).group}) -> ${node(e.to).label} (${node(e.to).group})`,
      );
    expect(backups).toEqual([
      'Database/Cluster (stack:Data) -> Vault (stack:Data)',
      'Vault (stack:Data) -> Vault (stack:DataBackupCopy)',
    ]);
    expect(g.groups.find((x) => x.id === 'stack:DataBackupCopy')?.parent).toBe('region:eu-central-1');
    const keyOf = (label: string) =>
      g.edges
        .filter((e) => e.kind === 'encryption' && node(e.from).label === label)
        .map((e) => node(e.to).label);
    expect(keyOf('Database/Cluster')).toEqual(['Keys/Data']);
    expect(keyOf('LogArchiveBucket')).toEqual(['Keys/Logs']);
    // SSE-S3 (log delivery cannot use KMS): shown, and said to have no KMS key.
    expect(g.nodes.find((n) => n.label === 'AccessLogsBucket')?.detail).toMatch(/no KMS key/);
  });

  test('logging: every destination says how long it keeps logs', () => {
    const g = view('logging').graph;
    const destinations = [...new Set(g.edges.map((e) => e.to))].map((id) =>
      g.nodes.find((n) => n.id === id)!,
    );
    expect(destinations.length).toBeGreaterThan(3);
    // The periods of the environment's configuration (retention in config/<env>.yaml): the audit records (trail
    // and log archive) keep auditLogDays, the server access-log bucket accessLogDays, every other log group logDays.
    const { logDays, auditLogDays, accessLogDays } = exampleConfig(
      stage === 'Dev' ? 'dev' : 'prod',
    ).retention;
    const expected: Record<string, string> = {
      AccessLogsBucket: `objects expire after ${accessLogDays} days`,
      LogArchiveBucket: `objects expire after ${auditLogDays} days`,
      'Trail/Bucket': `objects expire after ${auditLogDays} days`,
      'Trail/LogGroup': `retention ${auditLogDays} days`,
    };
    expect(destinations.map((n) => [n.label, n.detail])).toEqual(
      destinations.map((n) => [n.label, expected[n.label] ?? `retention ${logDays} days`]),
    );
  });

  test('alerting: rules and alarms reach the security topic and its subscribers; none claims proven delivery', () => {
    const g = view('alerting').graph;
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const marked = g.nodes.filter((n) => n.mark);
    expect(marked.length).toBeGreaterThan(5);
    // No delivery proof is recorded in this build: nothing may say "proven".
    for (const n of marked) expect(n.mark).toEqual({ text: 'delivery not yet proven', ok: false });
    expect(view('alerting').svg).not.toContain('✔');
    for (const n of marked) {
      const topics = g.edges.filter((e) => e.from === n.id).map((e) => byId.get(e.to)!.detail);
      expect({ id: n.id, topics }).toEqual({ id: n.id, topics: expect.arrayContaining(['SNS topic']) });
    }
    expect(g.edges.some((e) => e.to === 'external:email' && e.label === 'emails')).toBe(true);
    const guardDuty = g.nodes.find((n) => n.detail === 'GuardDuty')!;
    expect(g.edges.filter((e) => e.from === guardDuty.id).map((e) => byId.get(e.to)!.label)).toContain(
      'GuardDutyFindings',
    );
  });

  test('alerting: proven marks do not move a box, so the layout can start before the proofs (prefetchDiagrams)', async () => {
    // GIVEN every rule and alarm of the environment proven
    const everything = new Set(
      stacks.flatMap((s) => Object.keys(s.template.Resources ?? {}).map((id) => `${s.id}:${id}`)),
    );
    // WHEN the alerting view is built with those proofs
    const proven = (await buildDiagrams(stacks, stage, 'eu-west-1', everything)).find(
      (d) => d.id === 'alerting',
    )!;
    // THEN the marks changed (the twin: this test sees the proofs) but every box kept its place and size
    expect(proven.svg).toContain('✔ delivery proven');
    expect(proven.svg).not.toBe(view('alerting').svg);
    const boxes = (d: RenderedDiagram) => d.layout.nodes.map((n) => [n.node.id, n.x, n.y, n.width, n.height]);
    expect(boxes(proven)).toEqual(boxes(view('alerting')));
  });

  test('network: what can reach the data tier is the chain Internet → load balancer → app → database', () => {
    const g = view('network').graph;
    const label = (id: string) => g.nodes.find((n) => n.id === id)!.label;
    const flows = g.edges.map((e) => `${label(e.from)} -${e.label ?? ''}-> ${label(e.to)}`);
    expect(flows).toEqual(
      expect.arrayContaining([
        'Internet -tcp 443-> LoadBalancerSecurityGroup',
        'LoadBalancerSecurityGroup -tcp 8080-> AppSecurityGroup',
        'AppSecurityGroup -tcp 5433-> Aurora cluster',
      ]),
    );
    const aurora = g.nodes.find((n) => n.label === 'Aurora cluster')!;
    expect(g.groups.find((x) => x.id === aurora.group)?.label).toBe('data tier');
    expect(g.edges.filter((e) => e.to === aurora.id).map((e) => label(e.from))).toEqual(['AppSecurityGroup']);
  });
});
