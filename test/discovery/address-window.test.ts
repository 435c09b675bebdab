import { describe, expect, it } from 'vitest';
import { AddressWindow, LATE_ANSWER_MS, MIN_ADDRESS_WINDOW } from '../../src/discovery/native/address-window.js';

describe('AddressWindow', () => {
  it('stays at its widest while hosts answer promptly', () => {
    const window = new AddressWindow(256);
    for (let i = 0; i < 100; i += 1) window.answered(5);
    expect(window.size).toBe(256);
    expect(window.takeLateSign()).toBe(false);
  });

  it('halves on each late answer down to its floor, and says once that answers came late', () => {
    const window = new AddressWindow(256);
    window.answered(LATE_ANSWER_MS + 1);
    expect(window.size).toBe(128);
    for (let i = 0; i < 20; i += 1) window.answered(2_500);
    expect(window.size).toBe(MIN_ADDRESS_WINDOW);
    expect(window.takeLateSign()).toBe(true);
    expect(window.takeLateSign()).toBe(false);
  });

  it('grows back by about one address per window of prompt answers', () => {
    const window = new AddressWindow(256);
    for (let i = 0; i < 10; i += 1) window.answered(3_000);
    for (let i = 0; i < 9; i += 1) window.answered(1);
    expect(window.size).toBe(MIN_ADDRESS_WINDOW + 1);
  });
});
