/**
 * The certificate mention (oui/mentions.json template `certificate`) flags a covered maker as the
 * whole organization of a device's own certificate, with at most a place and a company form. An
 * organization that goes on with other words is another organization (a club, a shop, another firm
 * that shares the word: several Chinese firms are called Dahua), which names the maker without
 * being it: review at most, as a bare mention is. Before, any O= that began with the name flagged
 * (review finding of 5 Dec); the look-alikes below are constructed.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';

const subject = (value: string) => identify([{ ip: '192.0.2.5', port: 443, kind: 'tls.subject', value, source: 'tls', at: '2026-12-05T00:00:00Z' }]);

describe('a covered maker in a certificate organization', () => {
  it.each([
    ['O=Hikvision Fans Club, CN=nvr.example.org', 'hikvision'],
    ['O=Dahua Pharmaceutical, CN=shop.example.cn', 'dahua'],
    ['O=ZTE Users Group, CN=forum.example.org', 'zte'],
  ])('%s names the maker without being its device: review, not a flag', (value, entity) => {
    const v = subject(value);
    expect(v.status).toBe('review');
    expect(v.covered).toBe(entity);
  });

  it.each([
    ['C=CN, O=Huawei, OU=Wireless Network Product Line, CN=huawei.com', 'huawei'],
    ['O=Huawei Technologies Co., Ltd., CN=ont.example', 'huawei'],
    ['O=Huawei Technologies (UK) Co., Ltd., CN=router', 'huawei'],
    ['O=ZTE Corporation', 'zte'],
    ['CN=192.168.1.64, O=Hangzhou Hikvision Digital Technology Co.,Ltd., C=CN', 'hikvision'],
    ['commonName=192.168.1.108/organizationName=浙江大华技术股份有限公司/countryName=CN', 'dahua'],
  ])('%s is the maker itself: flags', (value, entity) => {
    const v = subject(value);
    expect(v.status).toBe('covered');
    expect(v.covered).toBe(entity);
  });
});
