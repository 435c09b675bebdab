/** Pieces shared by the lab tests that build a small site of their own and listen for webhooks. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const SITE_SMALL = fileURLToPath(new URL('../lab/profiles/site-small.json', import.meta.url));

/** Devices of site-small (their answers and ground truth as written there), without their addresses. */
export function siteSmallDevices(ids: readonly string[]): Record<string, unknown>[] {
  const all = (JSON.parse(fs.readFileSync(SITE_SMALL, 'utf8')) as { devices: Record<string, unknown>[] }).devices;
  return ids.map((id) => {
    const found = all.find((d) => d.id === id);
    if (!found) throw new Error(`site-small has no device ${id}`);
    const { ip: _ip, ...rest } = found;
    return rest;
  });
}

/** A webhook receiver to run in the scanner namespace (node --input-type=module -e …): appends each call to the file argv[2], answers 204, prints its port. */
export const WEBHOOK_RECEIVER = `
import http from 'node:http';
import fs from 'node:fs';
const out = process.argv[2];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    fs.appendFileSync(out, JSON.stringify({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }) + '\\n');
    res.statusCode = 204;
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;
