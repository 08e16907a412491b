import { readAssembly } from '../../../report/assembly';
import { diagramModel } from '../../../report/diagram/model';
import { STAGES, TEST_ASSEMBLY_DIR } from '../../support/assembly';

const assembly = readAssembly(TEST_ASSEMBLY_DIR);

describe.each(STAGES)('%s diagram model', (stage) => {
  const stacks = assembly.stages.find((s) => s.stage === stage)!.stacks;
  const { nodes, edges } = diagramModel(stacks);
  const label = (id: string) => nodes.find((n) => n.id === id)?.label;
  const flows = edges.map((e) => `${label(e.from)} -${e.label}-> ${label(e.to)}`);

  test('has a box per main resource in its stack and region', () => {
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
    expect(nodes.find((n) => n.stack === 'DataBackupCopy')?.region).toBe('eu-central-1');
    expect(nodes.find((n) => n.stack === 'EdgeGlobal')?.region).toBe('us-east-1');
  });

  test('derives encryption, log, notification and backup flows from the references in the templates', () => {
    expect(flows).toEqual(
      expect.arrayContaining([
        'LogArchiveBucket -encrypted with-> Keys/Logs',
        'LogArchiveBucket -logs to-> AccessLogsBucket',
        'SecurityTopic -encrypted with-> Keys/Logs',
        'SecurityTopic -emails-> Security contacts',
        'Database/Cluster -backs up to-> Vault',
      ]),
    );
    const copy = edges.filter((e) => e.label === 'copies to');
    expect(
      copy.map((e) => [nodes.find((n) => n.id === e.from)?.stack, nodes.find((n) => n.id === e.to)?.stack]),
    ).toEqual([['Data', 'DataBackupCopy']]);
  });
});
