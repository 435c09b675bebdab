import { describe, expect, it } from 'vitest';
import * as scopeStage from '../../src/scope/index.js';

describe('scope public surface', () => {
  it('exposes what the other stages use', () => {
    for (const name of ['buildScope', 'parseTarget', 'parseIpv4', 'formatIpv4', 'scopeContains', 'scopeAddresses']) {
      expect(typeof (scopeStage as Record<string, unknown>)[name]).toBe('function');
    }
    expect(scopeStage.DEFAULT_MAX_HOSTS).toBe(65_536);
  });
});
