import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { STORABLE_TEXT, STORABLE_TEXT_MESSAGE, STORABLE_TEXT_RULE } from '@continuum/contracts';
import type { FieldIssue } from '@continuum/domain';

/**
 * The NENA EIDO JSON schema (NENA-STA-021.1b, the components of its openapi.yaml), as the server
 * validates with it: descriptions dropped, the published `minItems: "1,"` read as 1, and the
 * `$ref`s to NIEM component files that NENA does not publish with it left open. A test checks this
 * copy against the published file (test/eido-schema.test.ts). OpenAPI 3.0 schema objects are a
 * subset of JSON Schema draft-05 ("Wright draft 00") with no `$schema` of their own; every keyword
 * the EIDO components use means the same in ajv's default draft-07 (ADR 0029).
 */
export const EIDO_SCHEMA = JSON.parse(readFileSync(new URL('./eido-schema.json', import.meta.url), 'utf8')) as { components: { schemas: Record<string, unknown> } };

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let compiled: ValidateFunction | null = null;

/** The validator of a whole EIDO document, compiled once. */
export function eidoValidator(): ValidateFunction {
  if (compiled) return compiled;
  // strict: false: the published schema names `$id` and `$ref` as ordinary property names and uses
  // `format: int32`, which strict mode takes for keywords it does not know.
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  compiled = ajv.compile({ ...EIDO_SCHEMA, $ref: '#/components/schemas/EmergencyIncidentDataObjectType' });
  return compiled;
}

/** `$.callComponent[0].direction` from ajv's JSON pointer `/callComponent/0/direction`. */
export function jsonPathOf(pointer: string): string {
  const steps = pointer.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  return `$${steps.map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_@$][\w@$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('')}`;
}

const fieldOf = (pointer: string, extra?: string) =>
  [...pointer.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~')), ...(extra ? [extra] : [])].join('.');

/** One issue per fault, each naming its field and its JSON path. */
function issueOf(e: ErrorObject): FieldIssue {
  const missing = e.keyword === 'required' ? String((e.params as { missingProperty: string }).missingProperty) : undefined;
  const field = fieldOf(e.instancePath, missing);
  const path = jsonPathOf(e.instancePath + (missing ? `/${missing}` : ''));
  return { field, rule: e.keyword, message: `${path} ${missing ? 'is required' : (e.message ?? 'is invalid')}` };
}

/**
 * Every fault of a document against the EIDO schema, and every string PostgreSQL could not hold
 * (NUL, a lone surrogate: the one text rule of every request, ADR 0018); empty when it is valid.
 */
export function eidoIssues(doc: unknown): FieldIssue[] {
  const validate = eidoValidator();
  const found = validate(doc) ? [] : (validate.errors ?? []).map(issueOf);
  // allErrors reports some faults once per branch of the schema: one issue per field and rule.
  const issues = found.filter((i, n) => found.findIndex((j) => j.field === i.field && j.rule === i.rule) === n);
  const walk = (v: unknown, at: string[]) => {
    if (typeof v === 'string') {
      if (!STORABLE_TEXT.test(v)) issues.push({ field: at.join('.'), rule: STORABLE_TEXT_RULE, message: `${jsonPathOf(at.length ? `/${at.join('/')}` : '')} ${STORABLE_TEXT_MESSAGE}` });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, String(i)]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
      if (!STORABLE_TEXT.test(k)) issues.push({ field: [...at, k].join('.'), rule: STORABLE_TEXT_RULE, message: `a property name ${STORABLE_TEXT_MESSAGE}` });
      walk(x, [...at, k]);
    }
  };
  walk(doc, []);
  return issues;
}
