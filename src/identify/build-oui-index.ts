/**
 * Build step (`npm run build`): writes dist/oui-index.bin from node_modules/oui-data, so the
 * index always matches the registry version installed with it, with the date oui/registry.json
 * records for that version.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeOuiIndex, registrySource } from './oui-index.js';
import { OUI_INDEX_URL, ouiDataPath, shippedOrigin } from './oui-registry.js';

const source = ouiDataPath();
const table = JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>;
const index = encodeOuiIndex(table, registrySource(source), shippedOrigin());
const target = fileURLToPath(OUI_INDEX_URL);
writeFileSync(target, index);
process.stdout.write(`oui index: ${Object.keys(table).length} prefixes → ${target} (${(index.length / 1e6).toFixed(1)} MB)\n`);
