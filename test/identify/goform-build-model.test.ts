/**
 * ZTE's goform version answer (oui/rules/http.body.json http.body.zte.goform-version) and the build
 * grammar (oui/versions.json zte.goform-build) read the same build, so they must read the same model:
 * the body rule's own model group took the M of a MOD build ("MC801AMOD…" → "MC801AMO"), and the
 * verdict printed that as the FAR report's model number.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';

const answer = (build: string) =>
  identify([{ ip: '192.0.2.9', port: 80, kind: 'http.body', value: `{"Language":"en","cr_version":"","wa_inner_version":"${build}"}`, source: 'http', at: '2026-12-05T00:00:00Z' }]);

describe('ZTE goform version answer', () => {
  // Builds as ZTE names them (versions.json cites each); wrapped here in the goform answer's JSON (constructed wrapper).
  it.each([
    ['VDF_IT_MF289FMODV1.0.0B07', 'MF289F'],
    ['BD_MEOPTMF266V1.0.0B06', 'MF266'],
    ['BD_TMOPLMC801AMODV1.0.0B05', 'MC801A'],
  ])('reads %s as ZTE %s, the model the build grammar reads', (build, model) => {
    const v = answer(build);
    expect(v.status).toBe('covered');
    expect(v.model).toBe(model);
  });

  it('still reads nothing from another maker\'s build naming in the same field', () => {
    for (const build of ['UFI003S_V03_ZX_DD_250226', 'TL-MR6400_V5_1.0.0', 'UFI_MF981V1.0.0B01']) {
      expect(answer(build).status).not.toBe('covered');
    }
  });
});
