/**
 * Issue #11: a UPnP <manufacturer> (or the maker field a device API reports, filed under it) that
 * names a covered maker's company or brand in the form the IEEE registry or the maker itself uses
 * flags the device: Huawei Device (Huawei's consumer-devices company), Hytera, and Hikvision's
 * Hikrobot, HIKMICRO, HiLook and HiWatch. A longer text that only begins with such a name is not read.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { obs } from './observations.js';

const noMac = { lookup: () => null };

describe('UPnP manufacturer names of covered companies and brands', () => {
  it.each([
    ['HUAWEI DEVICE CO.,LTD', 'huawei'],
    ['Hytera Communications Co.,Ltd.', 'hytera'],
    ['HYTERA', 'hytera'],
    ['Hangzhou Hikrobot Technology Co.,Ltd.', 'hikvision'],
    ['Hangzhou Microimage Software Co.,Ltd.', 'hikvision'],
    ['HILOOK', 'hikvision'],
    ['Hi-Watch', 'hikvision'],
  ] as const)('%s flags %s', (value, entity) => {
    expect(identify([obs('upnp.manufacturer', value)], noMac)).toMatchObject({ status: 'covered', covered: entity });
  });

  it.each(['HiLook Systems Ltd', 'www.huawei.com'])('%s is not flagged', (value) => {
    expect(identify([obs('upnp.manufacturer', value)], noMac).status).not.toBe('covered');
  });
});
