import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// The schemas and codelists are copies of the official 360Giving files (see the fixtures'
// SOURCE.md), kept here so that the tests need nothing outside the repository.
export const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/360giving/${name}`, import.meta.url), 'utf8');
export type Schema = Record<string, any>;
export const packageSchema: Schema = JSON.parse(fixture('360-giving-package-schema.json'));
export const grantSchema: Schema = JSON.parse(fixture('360-giving-schema.json'));

// The package schema names the grant schema by its public URL (of release 1.4.2, while the grant
// schema's own $id says 1.4.3), so the local copy is registered under exactly that URL.
export const GRANT_SCHEMA_REF: string = packageSchema.properties.grants.items.$ref;

export function makeValidator() {
  // Ajv's default strictness: unknown keywords and formats are errors, while its style checks
  // (strictRequired, strictTypes) stay off or only log, as the official schema's idiom of
  // `required` inside `oneOf` branches is valid JSON Schema that those checks would refuse.
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  // The 360Giving files spell the draft 2020-12 meta-schema with http://, Ajv with https://; the
  // two name the same meta-schema, so the http spelling is registered as an alias of Ajv's own.
  ajv.addMetaSchema(
    ajv.getSchema('https://json-schema.org/draft/2020-12/schema')!.schema as object,
    'http://json-schema.org/draft/2020-12/schema',
  );
  // 360Giving's own annotation keywords: they carry documentation only, never a constraint.
  ajv.addVocabulary(['codelist', 'openCodelist', 'rollUp']);
  ajv.addSchema(grantSchema, GRANT_SCHEMA_REF);
  return ajv.compile(packageSchema);
}
