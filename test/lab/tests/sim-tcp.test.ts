import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/simulator.js';
import { device, memoryLog } from '../sim/testing/devices.js';
import { HUGE_BYTES } from '../sim/tcp/hostile.js';

const run = promisify(execFile);
const CAM = '127.0.0.41';
const NVR = '127.0.0.42';
const BAD = '127.0.0.43';
const HIK_SUBJECT = 'CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN';
const DAHUA_ISSUER = 'CN=NVR; C=CN; ST=Zhejiang; L=Hangzhou; O=ZheJiang Dahua Technology CO.,LTD.; OU=NVR';
// DahuaConsole's realm request: p32(0xa0010000) + 20 zero bytes + p64(0x050201010000a1aa).
const DAHUA_REALM_REQUEST = Buffer.from('a0010000' + '00'.repeat(20) + '050201010000a1aa', 'hex');
const DAHUA_REALM_REPLY = Buffer.concat([
  Buffer.from('b0010000' + '00'.repeat(28), 'hex'),
  Buffer.from('Realm:Login to 4K049EBPAG1D7E7\r\nRandom:1192683312\r\n\r\n', 'latin1'),
]);

let sim: Simulator;
const { lines, log } = memoryLog();

beforeAll(async () => {
  sim = await startSimulator(
    [
      device({
        id: 'hik-cam', mac: '58:50:ed:1f:e3:85', ip: CAM,
        tcp: [
          { protocol: 'http', port: 18080, paths: {
            '/': { status: 302, reason: 'Found', headers: [['Location', '/doc/page/login.asp'], ['Server', 'App-webs/']], body: '' },
            '/doc/script/inc.js': { headers: [['content-type', 'application/javascript'], ['Server', 'App-webs/']], body: 'case"HIKVISION"' },
            '/ISAPI/System/deviceInfo': { status: 401, headers: [['WWW-Authenticate', 'Digest qop="auth", realm="IP Camera(C2183)", nonce="4e54", stale="FALSE"'], ['Content-Length', '0']] },
          } },
          { protocol: 'http', port: 18443, tls: { subject: HIK_SUBJECT, issuer: HIK_SUBJECT }, paths: { '*': { headers: [['Server', 'App-webs/']], body: 'secure' } } },
          { protocol: 'rtsp', port: 18554, response: { status: 401, reason: 'Unauthorized', headers: [['CSeq', '0'], ['WWW-Authenticate', 'Digest realm="IP Camera(C2183)", nonce="ab"'], ['Date', ' Thu, May 14 2020 16:45:35 GMT']] } },
          { protocol: 'raw', port: 18000, replyHex: '00000010' + '0000001e'.repeat(2) + '00000000' },
          { protocol: 'banner', port: 18023, banner: '192.0.0.64 login: ' },
        ],
      }),
      device({
        id: 'dahua-nvr', mac: '08:ed:ed:87:42:7a', ip: NVR,
        tcp: [
          { protocol: 'http', port: 18443, tls: { subject: `CN=${NVR}, C=CN`, issuer: DAHUA_ISSUER, days: 10950 }, paths: {} },
          { protocol: 'raw', port: 37777, replyHex: DAHUA_REALM_REPLY.toString('hex') },
          { protocol: 'banner', port: 18022, banner: 'SSH-2.0-HUAWEI-1.5\r\n' },
          { protocol: 'rtsp', port: 18554, response: { status: 405, headers: [['Server', 'Dahua Rtsp Server'], ['Content-Length', '0'], ['CSeq', '0']] } },
        ],
      }),
      device({
        id: 'hostile', mac: '02:00:00:00:00:01', ip: BAD,
        tcp: [
          { protocol: 'hostile', port: 18001, behaviour: 'huge', text: 'SSH-2.0-' },
          { protocol: 'hostile', port: 18002, behaviour: 'endless' },
          { protocol: 'hostile', port: 18003, behaviour: 'garbage' },
          { protocol: 'hostile', port: 18004, behaviour: 'silent' },
          { protocol: 'hostile', port: 18005, behaviour: 'drip', text: 'XY' },
          { protocol: 'banner', port: 18006, banner: 'FTP ready' },
        ],
      }),
    ],
    { multicast: false, log, limits: { idleMs: 1500, readCapBytes: 4096 } },
  );
});

afterAll(async () => {
  await sim?.stop();
});

/** Connects, optionally sends, and reads until the server closes or `until` says enough (it sees a prefix of at most 4 KiB and the total size). */
function talk(ip: string, port: number, send?: Buffer | string, until?: (got: Buffer, size: number) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = net.connect(port, ip, () => {
      if (send !== undefined) socket.write(send);
    });
    const finish = (): void => {
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (until?.(Buffer.concat(chunks.slice(0, 64)).subarray(0, 4096), size)) finish();
    });
    socket.on('close', finish);
    socket.on('error', reject);
  });
}

describe('HTTP', () => {
  it('sends the status line, the headers in their own case and order, and the body', async () => {
    const { stdout } = await run('curl', ['-si', `http://${CAM}:18080/doc/script/inc.js?v=1`]);
    expect(stdout).toBe(
      'HTTP/1.1 200 OK\r\ncontent-type: application/javascript\r\nServer: App-webs/\r\nContent-Length: 15\r\n\r\ncase"HIKVISION"',
    );
  });

  it('answers a redirect with the profile reason and keeps a given Content-Length', async () => {
    const redirect = await run('curl', ['-si', `http://${CAM}:18080/`]);
    expect(redirect.stdout.split('\r\n').slice(0, 3)).toEqual(['HTTP/1.1 302 Found', 'Location: /doc/page/login.asp', 'Server: App-webs/']);
    const auth = await run('curl', ['-si', `http://${CAM}:18080/ISAPI/System/deviceInfo`]);
    expect(auth.stdout).toContain('WWW-Authenticate: Digest qop="auth", realm="IP Camera(C2183)"');
    expect(auth.stdout.match(/Content-Length/gi)).toHaveLength(1);
  });

  it('answers 404 for a path the profile does not know, and `*` for any path when given', async () => {
    const missing = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${CAM}:18080/nope`]);
    expect(missing.stdout).toBe('404');
    const any = await run('curl', ['-sk', `https://${CAM}:18443/any/where`]);
    expect(any.stdout).toBe('secure');
  });

  it('serves HTTPS with the self-signed certificate the profile names', async () => {
    const { stdout } = await run('sh', ['-c',
      `openssl s_client -connect ${CAM}:18443 </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -nameopt compat`]);
    expect(stdout).toBe(`subject=/CN=www.hikvision.com/OU=DVRNVR/O=HIKVISION/L=HangZhou/ST=ZheJiang/C=CN\nissuer=/CN=www.hikvision.com/OU=DVRNVR/O=HIKVISION/L=HangZhou/ST=ZheJiang/C=CN\n`);
  });

  it('signs with an issuer that differs from the subject, commas inside values kept', async () => {
    const { stdout } = await run('sh', ['-c',
      `openssl s_client -connect ${NVR}:18443 </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -nameopt compat`]);
    expect(stdout).toBe(`subject=/CN=${NVR}/C=CN\nissuer=/CN=NVR/C=CN/ST=Zhejiang/L=Hangzhou/O=ZheJiang Dahua Technology CO.,LTD./OU=NVR\n`);
  });

  it('answers a malformed request with 400 and keeps serving', async () => {
    const reply = await talk(CAM, 18080, 'GARBAGE\r\n\r\n');
    expect(reply.toString('latin1')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(lines.some((l) => l.includes('bad request line'))).toBe(true);
  });
});

describe('RTSP', () => {
  it('answers each request on a connection with its CSeq echoed in place', async () => {
    const reply = await talk(CAM, 18554, 'OPTIONS rtsp://x/ RTSP/1.0\r\nCSeq: 2\r\n\r\nDESCRIBE rtsp://x/Streaming/Channels/101 RTSP/1.0\r\nCSeq: 3\r\nAccept: application/sdp\r\n\r\n',
      (got) => got.toString().split('RTSP/1.0 401').length === 3);
    const text = reply.toString('latin1');
    expect(text).toBe(
      ['2', '3'].map((cseq) => `RTSP/1.0 401 Unauthorized\r\nCSeq: ${cseq}\r\nWWW-Authenticate: Digest realm="IP Camera(C2183)", nonce="ab"\r\nDate:  Thu, May 14 2020 16:45:35 GMT\r\n\r\n`).join(''),
    );
  });

  it('matches nmap\'s Dahua RTSP line byte for byte', async () => {
    const reply = await talk(NVR, 18554, 'OPTIONS / RTSP/1.0\r\n\r\n', (got) => got.includes('\r\n\r\n'));
    expect(reply.toString('latin1')).toBe('RTSP/1.0 405 Method Not Allowed\r\nServer: Dahua Rtsp Server\r\nContent-Length: 0\r\nCSeq: 0\r\n\r\n');
  });
});

describe('banners and vendor ports', () => {
  it('greets first, adding CRLF only when the banner has no line end', async () => {
    expect((await talk(NVR, 18022, undefined, (g) => g.includes('\n'))).toString()).toBe('SSH-2.0-HUAWEI-1.5\r\n');
    expect((await talk(BAD, 18006, undefined, (g) => g.includes('\n'))).toString()).toBe('FTP ready\r\n');
    expect((await talk(CAM, 18023, undefined, (g) => g.length >= 18)).toString()).toBe('192.0.0.64 login: \r\n');
  });

  it('Hikvision 8000 answers the client\'s first bytes with the 16-byte frame nmap matches', async () => {
    const reply = await talk(CAM, 18000, Buffer.from('garbage'), (g) => g.length >= 16);
    expect(reply).toEqual(Buffer.from('000000100000001e0000001e00000000', 'hex'));
    expect(/^\0\0\0\x10\0\0\0\x1e\0\0\0\x1e\0\0\0\0/.test(reply.toString('latin1'))).toBe(true);
  });

  it('Dahua 37777 says nothing first, then answers the realm request with Login to <serial>', async () => {
    const reply = await talk(NVR, 37777, DAHUA_REALM_REQUEST, (_, size) => size >= DAHUA_REALM_REPLY.length);
    const text = reply.toString('latin1');
    // DahuaConsole extracts dh_data[find('Login to'):find('\r\n')].
    expect(text.slice(text.indexOf('Login to'), text.indexOf('\r\n'))).toBe('Login to 4K049EBPAG1D7E7');
  });
});

describe('hostile services', () => {
  it('huge sends exactly 10 MB of the pattern, then closes', async () => {
    const reply = await talk(BAD, 18001);
    expect(reply.length).toBe(HUGE_BYTES);
    expect(reply.subarray(0, 16).toString()).toBe('SSH-2.0-SSH-2.0-');
  });

  it('endless keeps streaming past any sane cap', async () => {
    const reply = await talk(BAD, 18002, undefined, (_, size) => size > 2 * HUGE_BYTES);
    expect(reply.length).toBeGreaterThan(2 * HUGE_BYTES);
  });

  it('garbage sends binary bytes; silent sends nothing and is closed when idle', async () => {
    expect((await talk(BAD, 18003)).length).toBeGreaterThan(1000);
    expect((await talk(BAD, 18004)).length).toBe(0);
  });

  it('drip sends one byte at a time', async () => {
    const reply = await talk(BAD, 18005, undefined, (g) => g.length >= 2);
    expect(reply.toString()).toBe('XY');
  });

  it('cuts off a client that sends more than the read cap', async () => {
    const reply = await talk(CAM, 18023, Buffer.alloc(10_000, 0x41));
    expect(reply.toString()).toBe('192.0.0.64 login: \r\n');
    expect(lines.some((l) => l.includes('sent over 4096 bytes'))).toBe(true);
  });
});
