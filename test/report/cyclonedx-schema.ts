/** The official CycloneDX 1.6 JSON schema (as shipped, for offline use, by @cyclonedx/cyclonedx-library) compiled with ajv. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';

const require = createRequire(import.meta.url);
const dir = path.join(path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
const load = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
// ajv-formats ships CommonJS: its default export may arrive wrapped under ESM interop.
const formatsModule = addFormatsImport as unknown as { default?: (ajv: Ajv) => Ajv } & ((ajv: Ajv) => Ajv);
const addFormats = formatsModule.default ?? formatsModule;
const addFormats2019 = require('ajv-formats-draft2019') as (ajv: Ajv) => Ajv;

export function cycloneDx16Validator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  addFormats2019(ajv); // idn-email and iri-reference, which the 1.6 schema uses
  // The bundled schema refers to its neighbours by their file names, relative to its $id.
  ajv.addSchema({ ...load('spdx.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json' });
  ajv.addSchema({ ...load('jsf-0.82.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json' });
  return ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));
}
