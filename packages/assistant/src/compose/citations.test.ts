import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../tools/types.js';
import { createCitationMapper, createCitationRegistry } from './citations.js';

const sources: SourceRef[] = [
  { type: 'rumour', id: 'r1', title: 'A' },
  { type: 'resource', id: 'p1', title: 'B' },
];

describe('citation mapper', () => {
  it('maps markers split across deltas, renumbers in order of use, and removes unmappable ones', () => {
    const registry = createCitationRegistry();
    const mapper = createCitationMapper(() => sources, registry);
    const out: string[] = [];
    const cited: number[] = [];
    for (const delta of ['先说B[', '2]，再说A【1', '】和不存在的[7]', '，还有[1,2]']) {
      const r = mapper.push(delta);
      out.push(r.text);
      cited.push(...r.citations.map((c) => c.n));
    }
    const rest = mapper.flush();
    out.push(rest.text);
    expect(out.join('')).toBe('先说B[1]，再说A[2]和不存在的，还有[2][1]');
    expect(cited).toEqual([1, 2]);
    expect(registry.all().map((c) => c.source.id)).toEqual(['p1', 'r1']);
  });

  it('does not hold back an ordinary bracket forever', () => {
    const mapper = createCitationMapper(() => sources, createCitationRegistry());
    expect(mapper.push('数组写作[a, b]。').text).toBe('数组写作[a, b]。');
  });
});
