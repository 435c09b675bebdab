/**
 * Build step (`npm run build`): writes dist/oui-index.bin from node_modules/oui-data, so the
 * index always matches the registry version installed with it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { encodeOuiIndex, registrySource } from './oui-index.js';
import { OUI_INDEX_URL } from './oui-lookup.js';

const source = createRequire(import.meta.url).resolve('oui-data');
const table = JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>;
const index = encodeOuiIndex(table, registrySource(source));
const target = fileURLToPath(OUI_INDEX_URL);
writeFileSync(target, index);
process.stdout.write(`oui index: ${Object.keys(table).length} prefixes → ${target} (${(index.length / 1e6).toFixed(1)} MB)\n`);
