import { readAssembly } from '../../../report/assembly';
import { buildDiagram, diagramModel } from '../../../report/render/diagram';
import { STAGES, TEST_ASSEMBLY_DIR } from '../../support/assembly';

const assembly = readAssembly(TEST_ASSEMBLY_DIR);

describe.each(STAGES)('%s architecture diagram', (stage) => {
  const stacks = assembly.stages.find((s) => s.stage === stage)!.stacks;
  const { nodes, edges } = diagramModel(stacks);
  const label = (id: string) => nodes.find((n) => n.id === id)?.label;
  const flows = edges.map((e) => `${label(e.from)} -${e.label}-> ${label(e.to)}`);

  test('has a column per stack and a box per main resource', () => {
    expect(new Set(nodes.map((n) => n.stack))).toEqual(
      new Set([...stacks.map((s) => s.id), '(outside AWS)']),
    );
    expect(
      nodes
        .filter((n) => n.kind === 'KMS key' && n.stack === 'Foundation')
        .map((n) => n.label)
        .sort(),
    ).toEqual(['Keys/Backup', 'Keys/Data', 'Keys/Logs', 'Keys/Secrets']);
    const keysInTemplates = stacks.flatMap((s) =>
      Object.values(s.template.Resources ?? {}).filter((r) => r.Type === 'AWS::KMS::Key'),
    );
    expect(nodes.filter((n) => n.kind === 'KMS key')).toHaveLength(keysInTemplates.length);
  });

  test('derives encryption, log and notification flows from the references in the templates', () => {
    expect(flows).toEqual(
      expect.arrayContaining([
        'LogArchiveBucket -encrypted with-> Keys/Logs',
        'LogArchiveBucket -logs to-> AccessLogsBucket',
        'SecurityTopic -encrypted with-> Keys/Logs',
        'SecurityTopic -emails-> Security contacts',
      ]),
    );
  });

  test('is plain SVG without external references (embeddable offline)', () => {
    const { svg } = buildDiagram(stacks, `${stage} <test> & "quotes"`);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(
      /https?:|xlink:href|<image|<script/,
    );
    expect(svg).toContain('&lt;test&gt; &amp; &quot;quotes&quot;');
  });
});
