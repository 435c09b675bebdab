/**
 * Issue #11, review of round 4 (5 Dec): strings of other makers and of everyday language that the
 * round's new names and grammars read. Each case is a clean string that flagged or went to review
 * before this review; judged as a scan judges them: identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe('Chinese words that contain a covered name', () => {
  it.each([
    // Ta Hwa's college in Hsinchu was 大華技術學院 from 1997 to 2010 (its own history page,
    // http://info.tust.edu.tw/bin/home.php): a school, not Dahua Technology.
    ['snmp.sysdescr', '大華技術學院'],
    ['http.title', '大華技術學院 首頁'],
    ['http.title', '大华技术学院'],
    // 大华技术 alone begins other firms' names too; Dahua's legal name has 股份 after it.
    ['snmp.sysdescr', '大华技术咨询有限公司'],
    ['http.title', '© 2024 上海大华技术服务'],
    // 萤石 (EZVIZ's Chinese brand) is also the mineral fluorite (https://zh.wikipedia.org/wiki/萤石).
    ['snmp.sysdescr', '萤石矿业有限公司'],
    ['http.title', '萤石粉价格'],
    // 快乐橙 / 欢乐橙 ('happy orange') hold Imou's brand 乐橙.
    ['snmp.sysdescr', '快乐橙子'],
    ['http.title', '欢乐橙'],
    ['http.title', '快樂橙子'],
    // 中華 ('China', Chunghwa) followed by 為 ('for') holds Huawei's Traditional name 華為.
    ['http.title', '中華為您服務'],
    ['http.title', '以中华为本'],
    // A Zhejiang firm named 华睿 other than HuaRay Technology (浙江华睿科技).
    ['http.title', '© 2024 浙江华睿投资有限公司'],
    ['upnp.manufacturer', '浙江華睿建設'],
    // 上海/珠海 ('Shanghai', 'Zhuhai') followed by 能达 ('can reach') hold Hytera's 海能达, as 上海康 holds 海康.
    ['http.title', '上海能达电气有限公司'],
    ['snmp.sysdescr', '珠海能達科技'],
    // A company named 大华 alone in its legal form (<name>股份有限公司): Dahua's is 浙江大华技术股份有限公司.
    ['upnp.manufacturer', '大華股份有限公司'],
    ['snmp.sysdescr', '大华股份有限公司'],
  ] as const)('%s %j is clear', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });

  it.each([
    ['upnp.manufacturer', '浙江大華技術股份有限公司', 'dahua'],
    ['upnp.manufacturer', '浙江大华技术股份有限公司', 'dahua'],
    ['http.title', '大华股份', 'dahua'],
    ['http.title', '萤石', 'hikvision'],
    ['upnp.manufacturer', '浙江华睿科技股份有限公司', 'dahua'],
    ['http.title', '乐橙', 'dahua'],
    ['upnp.manufacturer', '華為技術有限公司', 'huawei'],
    ['upnp.manufacturer', '海能達通信股份有限公司', 'hytera'],
    ['upnp.manufacturer', '海能达通信股份有限公司', 'hytera'],
  ] as const)('the maker itself still reads: %s %j', (kind, value, entity) => {
    expect(verdictOf(kind, value).covered).toBe(entity);
  });
});

describe('a UPnP manufacturer field with a word in parentheses', () => {
  it.each([
    // Only a place in parentheses is a company form; another word says the field is not the maker's.
    'Huawei (compatible)',
    'Hikvision (clone)',
    'ZTE (test)',
    'Lechange (demo)',
  ])('%j is not flagged', (value) => {
    expect(verdictOf('upnp.manufacturer', value).status).not.toBe('covered');
  });

  it.each([
    ['Huawei Technologies (UK) Co., Ltd.', 'huawei'],
    ['Huawei Device (Dongguan) Co., Ltd.', 'huawei'],
    ['Huawei Technologies (Netherlands) B.V.', 'huawei'],
  ] as const)('the place form %j still flags', (value, entity) => {
    const v = verdictOf('upnp.manufacturer', value);
    expect([v.status, v.covered]).toEqual(['covered', entity]);
  });
});

describe("'versatile routing platform' as everyday English in a sysDescr", () => {
  it('a lower-case phrase is not Huawei naming its VRP', () => {
    expect(verdictOf('snmp.sysdescr', 'ISR4331/K9 a versatile routing platform for the branch').status).not.toBe('covered');
  });
  it.each([
    'Huawei Versatile Routing Platform Software\nVRP (R) software, Version 8.200 (NetEngine 8000 V800R012C10SPC300)',
    'AR1220 Versatile Routing Platform Software  VRP (R) software,Version 5.120',
    'S5700-28C-EI\nVRP (R) Software, Version 5.70',
  ])('Huawei writing it still flags: %j', (value) => {
    const v = verdictOf('snmp.sysdescr', value);
    expect([v.status, v.covered]).toEqual(['covered', 'huawei']);
  });
  it('the joint venture in capitals stays clear', () => {
    expect(verdictOf('snmp.sysdescr', 'HUAWEI-3COM VERSATILE ROUTING PLATFORM SOFTWARE').status).not.toBe('covered');
  });
});

describe('host names in a fifteen-character site-and-asset scheme', () => {
  // Windows limits a computer's NetBIOS name to fifteen characters, so naming schemes pack a site
  // code, a number, a device-type word and an asset number into exactly that (generated examples
  // of the class): the letters are the type word, never Dahua's PA and a letter.
  it.each(['DE00101WKS00042', 'us01234lap00123', 'FR20231DSK00017'])('%j is clear', (value) => {
    expect(verdictOf('hostname', value).status).toBe('clear');
  });
  it.each(['6C01E93PAG69A7D', '1l047acpaw00037'])('a Dahua serial as the name, %j, still reaches review for Dahua', (value) => {
    const v = verdictOf('hostname', value);
    expect([v.status, v.covered]).toEqual(['review', 'dahua']);
  });
});
