import { CATALOG, PENDING_CONSTRUCTS, PENDING_EVIDENCE } from '../../../report/catalog';
import { FRAMEWORK_TITLES, type FrameworkKey } from '../../../report/catalog/frameworks';
import { loadRequirements } from '../../../report/requirements';
import type { Evidence, TemplateEvidence } from '../../../report/catalog/types';
import { readAssembly } from '../../../report/assembly';
import { readEnvironmentConfigs } from '../../../report/environment';
import { evaluateEvidence, parsePath, REPO_ROOT as ROOT } from '../../../report/evidence';
import { STAGES, TEST_ASSEMBLY_DIR } from '../../support/assembly';
import { exportedNames } from '../../support/exports';
import { nonEmpty } from '../../support/non-empty';
import { citedTestExists } from '../../support/test-titles';

const requirements = loadRequirements();
const configs = readEnvironmentConfigs(TEST_ASSEMBLY_DIR);
const assembly = readAssembly(TEST_ASSEMBLY_DIR);
const stageOf = (name: string) => assembly.stages.find((s) => s.stage === name)!;
const configOf = (name: string) => configs.get(name)!;
const allEvidence: { id: string; e: Evidence }[] = CATALOG.flatMap((entry) =>
  entry.evidence.map((e) => ({ id: entry.id, e })),
);

describe('catalog coverage', () => {
  test('every requirement of the document has a catalog entry', () => {
    const ids = new Set(CATALOG.map((e) => e.id));
    expect(requirements.filter((r) => !ids.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  test('every catalog entry is a requirement of the document, once, with its exact text', () => {
    for (const entry of CATALOG) {
      const requirement = requirements.find((r) => r.id === entry.id);
      expect({ id: entry.id, text: requirement?.text }).toEqual({ id: entry.id, text: entry.text });
    }
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length);
  });

  // Nothing is pending today: every capability stack is in the app, so the tests over PENDING_EVIDENCE and
  // PENDING_CONSTRUCTS (here and in test/report/write.test.ts) check nothing; status.test.ts tests the status
  // of pending rows. When something is added, this fails: then guard those loops with `nonEmpty(...)`.
  test('nothing is pending: PENDING_EVIDENCE and PENDING_CONSTRUCTS are empty', () => {
    expect(Object.keys(PENDING_EVIDENCE)).toEqual([]);
    expect(PENDING_CONSTRUCTS).toEqual([]);
  });

  test('pending evidence belongs to catalog entries that are not application-only or not applicable', () => {
    for (const id of Object.keys(PENDING_EVIDENCE)) {
      const entry = CATALOG.find((e) => e.id === id);
      expect({ id, kind: entry?.kind, notApplicable: entry?.notApplicable }).toEqual({
        id,
        kind: 'infrastructure',
        notApplicable: undefined,
      });
      expect(PENDING_EVIDENCE[id].length).toBeGreaterThan(0);
    }
  });

  test('every infrastructure entry has evidence now or pending evidence, unless it is not applicable', () => {
    for (const e of nonEmpty(
      CATALOG.filter((x) => x.kind === 'infrastructure' && !x.notApplicable),
      'applicable infrastructure entry',
    )) {
      expect({ id: e.id, rows: e.evidence.length + (PENDING_EVIDENCE[e.id]?.length ?? 0) }).toEqual({
        id: e.id,
        rows: expect.any(Number),
      });
      expect(e.evidence.length + (PENDING_EVIDENCE[e.id]?.length ?? 0)).toBeGreaterThan(0);
    }
  });

  test('every process entry names the document or file that meets it', () => {
    for (const e of nonEmpty(
      CATALOG.filter((x) => x.kind === 'process'),
      'process entry',
    )) {
      expect({ id: e.id, files: e.evidence.some((x) => x.kind === 'file') }).toEqual({
        id: e.id,
        files: true,
      });
    }
  });

  test('every application entry names the application duty and the infrastructure mitigations', () => {
    for (const e of nonEmpty(
      CATALOG.filter((x) => x.kind === 'application'),
      'application entry',
    )) {
      expect(e.application?.responsibility.length).toBeGreaterThan(20);
      expect(e.application?.mitigations.length).toBeGreaterThan(0);
    }
  });

  test('every entry maps to NIST 800-53 and says how it is met', () => {
    for (const e of CATALOG) {
      expect({ id: e.id, nist: e.frameworks.nist.length > 0, summary: e.summary.length > 20 }).toEqual({
        id: e.id,
        nist: true,
        summary: true,
      });
    }
  });
});

describe('evidence', () => {
  test.each(STAGES)(
    'every template evidence row holds in every environment that enables it (%s)',
    (stage) => {
      const ctx = { stage, config: configOf(stage), stacks: stageOf(stage).stacks, root: ROOT };
      const failures = allEvidence
        .filter(({ e }) => e.kind === 'template')
        .map(({ id, e }) => ({ id, result: evaluateEvidence(e, ctx) }))
        .filter(({ result }) => result.holds === false)
        .map(
          ({ id, result }) =>
            `${id}: ${result.rows.map((r) => `${r.stack}/${r.logicalId} ${r.propertyPath} = ${r.actual}`).join('; ')}`,
        );
      expect(failures).toEqual([]);
    },
  );

  test('every template evidence row applies to at least one environment', () => {
    for (const { id, e } of nonEmpty(
      allEvidence.filter((x) => x.e.kind === 'template'),
      'template evidence row',
    )) {
      const row = e as TemplateEvidence;
      const enabled = STAGES.some((s) => !row.enabledWhen || row.enabledWhen(configOf(s)));
      expect({ id, path: row.propertyPath, enabled }).toEqual({ id, path: row.propertyPath, enabled: true });
    }
  });

  test('every test named by evidence exists: its file, describe blocks and test title', () => {
    const refs = [
      ...allEvidence.flatMap(({ id, e }) => (e.kind === 'file' ? [] : [{ id, test: e.test }])),
      ...Object.entries(PENDING_EVIDENCE).flatMap(([id, rows]) => rows.map((r) => ({ id, test: r.test }))),
    ];
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => !citedTestExists(r.test, ROOT))).toEqual([]);
  });

  describe('a citation that names no test is caught', () => {
    const self = 'test/report/catalog/catalog.test.ts';
    const group = `${self} › evidence › a citation that names no test is caught`;
    test('the describe path and title of a real test are found', () => {
      expect(citedTestExists(`${group} › the describe path and title of a real test are found`, ROOT)).toBe(
        true,
      );
    });
    test('a test.each title may be cited without its trailing placeholder', () => {
      const each = 'every template evidence row holds in every environment that enables it';
      expect(citedTestExists(`${self} › evidence › ${each}`, ROOT)).toBe(true);
      expect(citedTestExists(`${self} › evidence › ${each} (Prod)`, ROOT)).toBe(true);
    });
    test('fails if a title is only part of a real title, or text elsewhere in the file', () => {
      expect(citedTestExists(`${group} › the describe path and title`, ROOT)).toBe(false);
      expect(citedTestExists(`${self} › const self`, ROOT)).toBe(false);
    });
    test('fails if the describe path is missing or wrong', () => {
      const title = 'the describe path and title of a real test are found';
      expect(citedTestExists(`${self} › ${title}`, ROOT)).toBe(false);
      expect(
        citedTestExists(`${self} › mappings › a citation that names no test is caught › ${title}`, ROOT),
      ).toBe(false);
    });
    test('fails if the file does not exist', () => {
      expect(citedTestExists('test/report/renamed.test.ts › evidence', ROOT)).toBe(false);
    });
  });

  test('every file named by evidence exists and contains its heading', () => {
    const ctx = { stage: 'Prod', config: configOf('Prod'), stacks: stageOf('Prod').stacks, root: ROOT };
    for (const { id, e } of nonEmpty(
      allEvidence.filter((x) => x.e.kind === 'file'),
      'file evidence row',
    )) {
      expect({ id, file: e.kind === 'file' && e.path, holds: evaluateEvidence(e, ctx).holds }).toEqual({
        id,
        file: e.kind === 'file' && e.path,
        holds: true,
      });
    }
  });

  test('pending evidence rows are well-formed (resource type, parseable path, test reference)', () => {
    for (const [id, rows] of Object.entries(PENDING_EVIDENCE)) {
      for (const row of rows) {
        expect(row.resourceType).toMatch(/^(AWS|Custom)::[A-Za-z0-9]+(::[A-Za-z0-9]+)?$/);
        expect(() => parsePath(row.propertyPath)).not.toThrow();
        expect({ id, test: row.test }).toEqual({
          id,
          test: expect.stringMatching(/^test\/.+\.test\.ts › .+/),
        });
      }
    }
  });
});

describe('mappings', () => {
  test('every framework control id has a recorded title', () => {
    for (const e of CATALOG) {
      for (const key of Object.keys(FRAMEWORK_TITLES) as FrameworkKey[]) {
        for (const id of e.frameworks[key] ?? []) {
          expect({ framework: key, id, title: typeof FRAMEWORK_TITLES[key][id] }).toEqual({
            framework: key,
            id,
            title: 'string',
          });
        }
      }
    }
  });

  test('every cdk-nag rule named by the catalog was evaluated by the synth', () => {
    const evaluated = new Set(
      Object.values(assembly.stats?.packs ?? {}).flatMap((byStage) =>
        Object.values(byStage).flatMap((s) => s.rulesEvaluated),
      ),
    );
    expect(evaluated.size).toBeGreaterThan(300);
    const unknown = CATALOG.flatMap((e) =>
      e.nagRules.filter((r) => !evaluated.has(r)).map((r) => `${e.id}: ${r}`),
    );
    expect(unknown).toEqual([]);
  });

  test('every construct the catalog names exists, or is listed as pending', () => {
    const names = exportedNames();
    const missing = CATALOG.flatMap((e) => e.constructs).filter(
      (c) => !names.has(c) && !PENDING_CONSTRUCTS.includes(c),
    );
    expect([...new Set(missing)]).toEqual([]);
  });

  test('no construct listed as pending exists yet (remove it from PENDING_CONSTRUCTS after merging)', () => {
    const names = exportedNames();
    expect(PENDING_CONSTRUCTS.filter((c) => names.has(c))).toEqual([]);
  });
});
