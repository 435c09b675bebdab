/**
 * Issue #11: non-web banners of covered product lines that name no maker: the SmartAX access CLI's
 * '>>User name:' prompt (Huawei OLTs and DSLAMs) reaches review for Huawei; other makers' prompts
 * stay clear.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { obs } from './observations.js';

const noMac = { lookup: () => null };

describe('telnet prompts', () => {
  it('the SmartAX prompt, as a session shows it after the banner lines, reaches review for Huawei', () => {
    expect(identify([obs('telnet.banner', '\r\n>>User name:')], noMac)).toMatchObject({ status: 'review', covered: 'huawei' });
  });

  it.each(['User name:', 'Username:', 'login:'])('%s stays clear', (value) => {
    expect(identify([obs('telnet.banner', value)], noMac).status).toBe('clear');
  });
});
