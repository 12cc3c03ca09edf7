import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

// The SARIF 2.1.0 schema as @microsoft/jest-sarif ships it; it is a draft-04 schema, which
// Ajv 8 reads through ajv-draft-04. Two options for the schema's own text, not to relax a
// rule: `strict: false` (it has keywords Ajv's strict mode refuses) and `unicodeRegExp: false`
// (the `language` pattern, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, is invalid with the u flag).
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

/** Every way `log` breaks the SARIF 2.1.0 schema, as `path: message` lines ([] when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}
