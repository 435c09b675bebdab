/**
 * Issue #11: a device naming its maker in its own field is read as such: a UPnP manufacturer field
 * that is the maker's name with a company form or place (Chinese legal names included), Dahua's
 * getVendor answer, and a host name that joins maker and model with '.' or '--'. Look-alikes
 * (traps, someone else's configuration, a maker's site) stay clear or at review; Huawei's Redfish
 * OEM block stays at review (xFusion, sold off from Huawei in 2021, kept Huawei's iBMC firmware).
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';


describe('the maker in its own field flags', () => {
  it.each([
    // Registered Chinese names, as the makers' own sites give them.
    ['upnp.manufacturer', '华为技术有限公司', 'huawei'], // https://www.huawei.com/cn/
    ['upnp.manufacturer', '中兴通讯股份有限公司', 'zte'], // https://www.zte.com.cn/
    ['upnp.manufacturer', '杭州海康威视数字技术股份有限公司', 'hikvision'], // https://www.hikvision.com/cn/
    ['upnp.manufacturer', '浙江大华技术股份有限公司', 'dahua'], // https://www.dahuatech.com/
    ['upnp.manufacturer', '海能达通信股份有限公司', 'hytera'], // https://www.hytera.com.cn/
    // English names with a company form the exact-name rules do not accept.
    ['upnp.manufacturer', 'Huawei Technologies', 'huawei'], // public repository file, search index id 70215596434 (an HG8245Q2 description)
    ['upnp.manufacturer', 'ZTE Corporation Ltd.', 'zte'],
    ['upnp.manufacturer', 'Hangzhou Hikvision Digital Technology Co.,Ltd.China', 'hikvision'],
    // Dahua magicBox getVendor (rroller/dahua@5350331688af custom_components/dahua/client.py: "vendor=Dahua").
    ['http.body', 'vendor=Dahua\r\n', 'dahua'],
    // Host names joining maker and model with '.' or '--'.
    ['hostname', 'core--huawei.s5735-02', 'huawei'],
    ['hostname', 'LAB--HIKVISION.DS-2CD2143G0-I', 'hikvision'],
  ] as const)('%s %s → %s', (kind, value, entity) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: entity });
  });

  it('a host name maker.model fills the model', () => {
    expect(verdictOf('hostname', 'core--huawei.s5735-02').model).toBe('S5735-02');
  });
});

describe('look-alikes of a maker field stay clear or at review', () => {
  it.each([
    ['upnp.manufacturer', 'Huawei-3Com Technology Co., Ltd.'], // H3C's former name (a trap)
    ['upnp.manufacturer', 'Shanghai Dahua Scale Factory'], // a scale maker (a trap)
    ['upnp.manufacturer', 'Teltronic AG'], // not Hytera's Teltronic S.A.U.
    ['hostname', 'mail.huawei.com'], // the maker's site
    // A DNS name with the maker as one label: the next label is a place or a number, no model (review finding).
    ['hostname', 'dahua.site2.example.com'],
    ['hostname', 'huawei.vpn2.corp.example.com'],
  ] as const)('%s %s is not flagged', (kind, value) => {
    expect(verdictOf(kind, value).status).not.toBe('covered');
  });

  it.each([
    ['upnp.manufacturer', 'ZTE Hong Kong Shop'], // a reseller's label: a bare mention
    // An NVR's remote-device table (public repository file, search index id 37454037322) names each camera's vendor.
    ['http.body', 'table.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_3.Vendor=Dahua\r\ntable.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_3.UserName=admin\r\n'],
    ['http.body', '<td>vendor=Dahua</td><td>vendor=Hikvision</td>'],
    // Redfish's "Oem":{"Huawei":{…}} flags since http.body.huawei.redfish-oem (xFusion's own iBMC builds key xFusion):
    // test/identify/api-bodies.test.ts.
  ] as const)('%s %s goes to review at most', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('review');
  });
});
