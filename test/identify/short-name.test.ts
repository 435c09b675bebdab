import { describe, expect, it } from 'vitest';
import { shortCompanyName } from '../../src/identify/short-name.js';

describe('shortCompanyName', () => {
  it.each([
    ['Apple, Inc.', 'Apple'],
    ['Hangzhou Hikvision Digital Technology Co.,Ltd.', 'Hikvision'],
    ['Zhejiang Dahua Technology Co., Ltd.', 'Dahua'],
    ['Amcrest Technologies', 'Amcrest'],
    ['Axis Communications AB', 'Axis'],
    ['Beijing Xiaomi Mobile Software Co., Ltd', 'Xiaomi'],
    ['TP-LINK TECHNOLOGIES CO.,LTD.', 'TP-LINK'],
    ['Raspberry Pi Trading Ltd', 'Raspberry Pi'],
    ['Hytera Communications Co .,ltd', 'Hytera'],
    ['Teltronic S.A.U.', 'Teltronic'],
    ['Shenzhen Foo (HK) Electronics Co., Limited', 'Foo'],
    ['Texas Instruments', 'Texas Instruments'],
  ])('%s → %s', (official, short) => {
    expect(shortCompanyName(official)).toBe(short);
  });

  it('keeps the name when nothing but legal form or trade words would remain', () => {
    expect(shortCompanyName('Technology Co., Ltd.')).toBe('Technology Co., Ltd.');
    expect(shortCompanyName('Private')).toBe('Private');
    expect(shortCompanyName('  Shenzhen   ')).toBe('Shenzhen');
  });
});
