/**
 * Evidence strength (report/strength.ts): a requirement is met only when evidence of the kind it declares
 * holds; weaker evidence lowers a met status, never the other way round.
 */
import { CATALOG } from '../../report/catalog';
import {
  REQUIRED_STRENGTH,
  requiredStrength,
  STRENGTHS,
  strengthGate,
  strongestEvidence,
} from '../../report/strength';

const row = (strength: (typeof STRENGTHS)[number], result = 'pass') => ({ strength, result });
const met = { status: 'met' as const, statusReason: '3 evidence item(s) hold' };

describe('evidence strength', () => {
  test('every id that declares a strength is a catalog id, and every catalog id resolves to one kind of the scale', () => {
    const ids = new Set(CATALOG.map((e) => e.id));
    expect(Object.keys(REQUIRED_STRENGTH).filter((id) => !ids.has(id))).toEqual([]);
    for (const e of CATALOG) expect(STRENGTHS).toContain(requiredStrength(e));
    expect(requiredStrength({ id: 'SM5', kind: 'infrastructure' })).toBe('simulated');
    // Ids that take activity records (report/records/requirements.ts) need a current record.
    expect(requiredStrength({ id: 'ST6', kind: 'process' }, true)).toBe('record');
    expect(requiredStrength({ id: 'ST6', kind: 'process' })).toBe('document');
  });

  test('met stays met when evidence of the required kind holds', () => {
    expect(strengthGate(met, 'simulated', [row('template'), row('simulated')])).toEqual(met);
    expect(strengthGate(met, 'template', [row('simulated')])).toEqual(met);
  });

  test('fails (not met) when only a template property holds for an id that needs a simulation', () => {
    const gated = strengthGate(met, 'simulated', [
      row('template'),
      row('document'),
      row('simulated', 'fail'),
    ]);
    expect(gated.status).toBe('not met');
    expect(gated.statusReason).toMatch(/^needs simulated evidence .*the strongest that holds is template$/);
  });

  test('an activity without its record or drill is evidence pending, and a passed drill satisfies drill', () => {
    expect(strengthGate(met, 'drill', [row('document')]).status).toBe('evidence pending');
    expect(strengthGate(met, 'drill', [row('document')], ['drill'])).toEqual(met);
    expect(strengthGate(met, 'record', [row('document')], ['record'])).toEqual(met);
    expect(strengthGate(met, 'record', [row('document')]).status).toBe('evidence pending');
  });

  test('never raises a status', () => {
    const notMet = { status: 'not met' as const, statusReason: 'a row fails' };
    expect(strengthGate(notMet, 'template', [row('simulated')])).toEqual(notMet);
  });

  test('the strongest evidence is the strongest kind among the rows that hold (a passed drill counts)', () => {
    expect(strongestEvidence([row('document'), row('template'), row('simulated', 'fail')])).toBe('template');
    expect(strongestEvidence([row('template'), row('simulated')])).toBe('simulated');
    expect(strongestEvidence([row('document')], ['drill'])).toBe('drill');
    expect(strongestEvidence([])).toBeNull();
  });
});
