import { describe, expect, it } from 'vitest';
import { AddressWindow, LATE_ANSWER_MS, MIN_ADDRESS_WINDOW, NEAR_LOSS_MS, PROMPT_STREAK } from '../../src/discovery/native/address-window.js';

describe('AddressWindow', () => {
  it('stays at its widest while hosts answer promptly', () => {
    const window = new AddressWindow(256);
    for (let i = 0; i < 100; i += 1) window.answered(5);
    expect(window.size).toBe(256);
    expect(window.takeLateSign()).toBe(false);
  });

  it('halves on each answer near loss down to its floor, and says once that answers came near loss', () => {
    const window = new AddressWindow(256);
    window.answered(NEAR_LOSS_MS + 1);
    expect(window.size).toBe(128);
    for (let i = 0; i < 20; i += 1) window.answered(2_500);
    expect(window.size).toBe(MIN_ADDRESS_WINDOW);
    expect(window.takeLateSign()).toBe(true);
    expect(window.takeLateSign()).toBe(false);
  });

  it('holds its width on answers slower than the first retry but before the second', () => {
    const window = new AddressWindow(256);
    for (let i = 0; i < 50; i += 1) window.answered(LATE_ANSWER_MS + 400);
    expect(window.size).toBe(256);
    // Still a sign for the retry: a host that needed a repeated request may have a neighbour that got none.
    expect(window.takeLateSign()).toBe(true);
    expect(window.lateSeen).toBe(true);
  });

  it('halves when a host answers only after it was called empty', () => {
    const window = new AddressWindow(256);
    window.answered(5);
    window.lost();
    expect(window.size).toBe(128);
    expect(window.takeLateSign()).toBe(true);
    expect(window.giveUpAfterRepeats).toBe(2);
  });

  it('grows back by about one address per window of prompt answers', () => {
    const window = new AddressWindow(256);
    for (let i = 0; i < 10; i += 1) window.answered(3_000);
    for (let i = 0; i < 9; i += 1) window.answered(1);
    expect(window.size).toBe(MIN_ADDRESS_WINDOW + 1);
  });

  it('gives up after the kernel\'s second request while answers are prompt, its third while they are slower, never before an answer', () => {
    const window = new AddressWindow(256);
    expect(window.giveUpAfterRepeats).toBeNull(); // no answer yet
    window.answered(5);
    expect(window.giveUpAfterRepeats).toBe(1);
    window.answered(LATE_ANSWER_MS + 1);
    expect(window.giveUpAfterRepeats).toBe(2);
    for (let i = 1; i < PROMPT_STREAK; i += 1) window.answered(5);
    expect(window.giveUpAfterRepeats).toBe(2);
    window.answered(5);
    expect(window.giveUpAfterRepeats).toBe(1);
    expect(window.lateSeen).toBe(true);
  });

  it('after an answer near loss gives up after the kernel\'s third request, never waits for its give-up once a host answered', () => {
    const window = new AddressWindow(256);
    window.answered(5);
    window.answered(NEAR_LOSS_MS + 1);
    expect(window.giveUpAfterRepeats).toBe(2);
    for (let i = 0; i < PROMPT_STREAK; i += 1) window.answered(LATE_ANSWER_MS + 1);
    expect(window.giveUpAfterRepeats).toBe(2);
    for (let i = 0; i < PROMPT_STREAK; i += 1) window.answered(5);
    expect(window.giveUpAfterRepeats).toBe(1);
  });

  it('grows back on empty addresses only while answers come before the kernel\'s last request', () => {
    const window = new AddressWindow(256);
    window.answered(5);
    window.answered(NEAR_LOSS_MS + 1);
    expect(window.size).toBe(128);
    // Near loss: an empty address may be a lost answer, and grows nothing.
    for (let i = 0; i < 1_000; i += 1) window.empty();
    expect(window.size).toBe(128);
    for (let i = 0; i < PROMPT_STREAK; i += 1) window.answered(5);
    const before = window.size;
    // One window's worth of empty addresses: about one address more.
    for (let i = 0; i < before; i += 1) window.empty();
    expect(window.size).toBe(before + 1);
  });
});
