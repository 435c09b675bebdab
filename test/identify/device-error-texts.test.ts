/**
 * Issue #11 (round R3): the short error answers a camera's web or ONVIF server sends, stored as
 * http.body. Dahua's CGI refusal 'Error' / 'Invalid Authority!', Dahua's ONVIF fault reasons (the
 * WS-Security time check and the lockout countdown) and Hikvision's lower-case ONVIF fault reasons
 * send a device to review, never flag it alone. The ONVIF Core and UPnP standard texts (Huawei's
 * 'Argument Value Invalid' / 'The argument value is invalid.', 'Sender not Authorized') and the same
 * words in ordinary text name nobody. Each value is a real string, its source beside it.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe('device error texts send to review, with the maker', () => {
  it.each([
    // https://github.com/psyciknz/CameraEvents/issues/17: an Amcrest (Dahua-made) NVR's CGI refusal.
    ['Error\nInvalid Authority!\n', 'dahua'],
    ['Error\r\nInvalid Authority!\r\n', 'dahua'],
    // https://github.com/rvi/ONVIFCameraAndroid/issues/24: a camera's ONVIF lockout countdown, the whole 400 answer.
    [
      '<s:Envelope xmlns:sc="http://www.w3.org/2003/05/soap-encoding" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:ter="http://www.onvif.org/ver10/error" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:wsrf-bf="http://docs.oasis-open.org/wsrf/bf-2">\n  <s:Body>\n    <s:Fault>\n      <s:Code>\n        <s:Value>s:Sender</s:Value>\n        <s:Subcode>\n          <s:Value>ter:NotAuthorized</s:Value>\n        </s:Subcode>\n      </s:Code>\n      <s:Reason>\n        <s:Text xml:lang="en">Sender not Authorized. Invalid username or password! You still have 29 attempt(s).</s:Text>\n      </s:Reason>\n    </s:Fault>\n  </s:Body>\n</s:Envelope>',
      'dahua',
    ],
    // https://github.com/opensensor/lightNVR/issues/339: the same reason, wrapped.
    ['<s:Reason>\n        <s:Text xml:lang="en">\n          Sender not Authorized. Invalid username or password! You still have 3\n          attempt(s).\n        </s:Text>', 'dahua'],
    // https://github.com/home-assistant/core/issues/147404 (Imou cameras, Dahua's brand).
    ['Sender not Authorized. Invalid username or password! You still have 5 attempt(s).', 'dahua'],
    // https://github.com/cdavis-code/easy_onvif_workspace/issues/58 (a Dahua NVR).
    ['Wsse authorized time check failed.', 'dahua'],
    // pluxity/PlugMTX@b118507b93a6 docs/ONVIF_IRIS_TEST_RESULT.md (a Hikvision PTZ camera's SetImagingSettings fault).
    ['<env:Reason>\n        <env:Text xml:lang="en">the parameter value is illegal</env:Text>\n    </env:Reason>', 'hikvision'],
    // https://github.com/edgexfoundry/device-onvif-camera/issues/211 (Hikvision DS-2DE2A404IW-DE3).
    ['the parameter value is illegal', 'hikvision'],
    // https://github.com/edgexfoundry/device-onvif-camera/issues/134 (a Hikvision camera at 192.168.1.64).
    ['<env:Text xml:lang="en">the xml format error</env:Text>', 'hikvision'],
  ] as const)('%j is review for %s', (value, entity) => {
    expect(verdictOf('http.body', value)).toMatchObject({ status: 'review', covered: entity });
  });
});

describe('standard fault texts and ordinary sentences stay clear', () => {
  it.each([
    // https://github.com/edgexfoundry/device-onvif-camera/issues/485: a Huawei camera's fault, the ONVIF Core
    // generic reason and description for ter:InvalidArgVal (UPnP's error 600 reads the same).
    ['<SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">Argument Value Invalid</SOAP-ENV:Text></SOAP-ENV:Reason>'],
    ['Argument Value Invalid'],
    ['The argument value is invalid.'],
    // ONVIF Core reasons any maker's server sends (https://github.com/consensyx/gsoap-onvif/issues/3,
    // https://github.com/home-assistant/home-assistant.io/issues/28662).
    ['Sender not Authorized'],
    ['<env:Reason><env:Text xml:lang="en">The action requested requires authorization and the sender is not authorized</env:Text></env:Reason>'],
    ['<env:Reason><env:Text xml:lang="en">Optional Action Not Implemented</env:Text></env:Reason>'],
    // The words in ordinary text (public repository files).
    ['{"message":"Invalid Authority!"}'],
    ['     * @exception SQLException if the parameter value is illegal or if a\n     * database error has occured'],
    ['<td>1003</td>\n            <td>The parameter value is illegal</td>'],
    ['        } else if response.contains("Wsse authorized time check failed") {'],
    ['- **Error: Wsse authorized time check failed.**'],
    ['analysis the xml format error: EOF'],
  ] as const)('%j stays clear', (value) => {
    expect(verdictOf('http.body', value).status).toBe('clear');
  });
});
