/** The service types the mDNS probe browses, read once from oui/probes/mdns-services.json. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const SERVICE_TYPE = /^_[A-Za-z0-9-]{1,63}\._(?:tcp|udp)$/;

const fileSchema = z.object({
  description: z.string(),
  services: z
    .array(z.object({ type: z.string().regex(SERVICE_TYPE), announcedBy: z.string().min(1), source: z.string().min(1) }))
    .min(1),
});

export const MDNS_SERVICES_FILE = new URL('../../../oui/probes/mdns-services.json', import.meta.url);

let types: readonly string[] | undefined;

/** "_CGI._tcp", "_http._tcp", … in file order. */
export function browsedServiceTypes(): readonly string[] {
  types ??= fileSchema.parse(JSON.parse(readFileSync(MDNS_SERVICES_FILE, 'utf8'))).services.map((s) => s.type);
  return types;
}
