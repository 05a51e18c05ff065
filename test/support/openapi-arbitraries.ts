/**
 * fast-check arbitraries for bad requests, built from the committed OpenAPI document
 * (docs/openapi.json): for each operation, its path parameters, query parameters, headers
 * and body, each either plausible (so the request reaches deeper validation) or bad in one of
 * the ways a careless or hostile caller sends: wrong types, boundary and absurd dates, huge
 * and empty strings, unicode that breaks storage or display, deep nesting, keys that name an
 * object's machinery, tampered cursors. Requests are plain data (a method, a raw path with
 * its query string, headers, a body as bytes), so a failing case prints as it was sent.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------
// The document

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `GET /v1/pathways/{id}`, as the document names it. */
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params: Param[];
  body?: { schema: Schema; mediaTypes: string[] };
  secured: boolean;
}

export const OPENAPI_PATH = path.resolve(__dirname, '../../docs/openapi.json');

export function loadOperations(file = OPENAPI_PATH): { operations: Operation[]; resolve: (s: Schema) => Schema } {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const resolve = (schema: Schema): Schema => {
    if (schema?.$ref) return resolve(doc.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')]);
    if (schema?.allOf) {
      const { allOf, ...rest } = schema;
      return Object.assign({}, ...allOf.map(resolve), rest);
    }
    return schema ?? {};
  };
  const operations: Operation[] = [];
  for (const [route, item] of Object.entries<Record<string, Schema>>(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content as Record<string, { schema: Schema }> | undefined;
      operations.push({
        key: `${method.toUpperCase()} ${route}`,
        method: method.toUpperCase() as Operation['method'],
        path: route,
        params: (op.parameters ?? []).map((p: Schema) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: resolve(p.schema) })),
        body: content ? { schema: resolve(Object.values(content)[0].schema), mediaTypes: Object.keys(content) } : undefined,
        secured: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return { operations, resolve };
}

// ---------------------------------------------------------------------------------------------
// Bad values

/** Keys that name an object's machinery. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

/** Text that breaks storage, display or parsing: NUL, lone surrogates, bidi overrides, combining marks, … */
const NASTY_TEXT = [
  '',
  ' ',
  '   ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  'ok\u202eevil',
  '\u202d\u2066\u2069',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z\u0334\u0321\u031b\u0353\u0325',
  '\u200b',
  '\ufeff',
  '\uffff',
  '\ufffe',
  '\u0007',
  '\u001b[2J',
  '\r\n',
  '\t',
  '\u0085',
  '\u2028',
  '\u00a0',
  '%00',
  '%',
  '../../../etc/passwd',
  "' OR '1'='1",
  "'); DROP TABLE pathways; --",
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  '\u0130',
  '\u00df',
  '\ud835\udd4f',
  '\ud83d\ude42',
  '\u0661\u0662\u0663',
  'A1234BC',
  'LEI',
];

const anyUnitString = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength });

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 2, arbitrary: anyUnitString(30) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY_TEXT), fc.string({ maxLength: 10 })).map(([a, b]) => b + a + b) },
  // Huge: past every field's maxLength, and past the 100 KB body limit at the top.
  { weight: 1, arbitrary: fc.constantFrom(101, 201, 501, 2001, 5000, 120_000).chain((n) => fc.constantFrom('x', 'é', '\ud83d\ude42', '\u0301').map((c) => c.repeat(n))) },
);

/** Today in London as YYYY-MM-DD, `days` from now. */
export function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
}

const BAD_DATES = [
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '1900-01-01',
  '1970-01-01',
  '2199-12-31',
  '2200-01-01',
  '9999-12-31',
  '10000-01-01',
  '+275760-09-13',
  '-000001-01-01',
  '2027-02-29',
  '2028-02-30',
  '2027-13-01',
  '2027-00-10',
  '2027-04-31',
  '2027-1-1',
  '27-01-01',
  '2027/01/01',
  '01/02/2027',
  '2027-01-01T00:00:00Z',
  '2027-01-01T25:00:00+00:00',
  '2027-03-15T10:30:00+99:99',
  '2027-03-15T10:30:00',
  '2027-03-15 10:30',
  '2027-W10',
  '2027-03',
  '2027',
  'today',
  'Invalid Date',
  ' 2027-03-12',
  '2027-03-12\u0000',
  '\u0662\u0660\u0662\u0667-\u0660\u0663-\u0661\u0662',
  '\uff12\uff10\uff12\uff17-03-12',
  '-1',
  '1e10',
];

/** Dates: malformed, impossible, at the edge of what PostgreSQL or JavaScript can hold, or absurdly near or far. */
export const badDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...BAD_DATES),
  fc.integer({ min: -3_000_000, max: 3_000_000 }).map((days) => {
    const d = new Date(Date.UTC(2026, 0, 1) + days * 86_400_000);
    return Number.isNaN(d.getTime()) ? '+275760-09-14' : d.toISOString().slice(0, 10);
  }),
  // Near the edges of the ranges the API takes (eight weeks back, three years ahead, 18 to 120 years old).
  fc.constantFrom(-57, -56, -55, -1, 0, 1, 1094, 1095, 1096, 1097, -18 * 365, -18 * 366, -120 * 365, -121 * 366).map(isoDay),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms).toISOString()),
);

/** JSON nested `depth` levels deep, of objects or lists. */
export function nested(depth: number, list: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = list ? [value] : { a: value };
  return value;
}

/** An object with `key` as an own property, whatever the key (`__proto__` included). */
export function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(target)) Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER + 2, {}, [], [null], ''),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.integer({ min: 2, max: 60 }).chain((depth) => fc.boolean().map((list) => nested(depth, list))),
  fc.constant(Array.from({ length: 3000 }, (_, i) => i)),
  fc.constantFrom(...PROTO_KEYS).map((key) => withKey({}, key, { polluted: true })),
);

export const badValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: nastyString }, { weight: 2, arbitrary: badDate }, { weight: 3, arbitrary: wrongType });

// ---------------------------------------------------------------------------------------------
// Plausible values, from the schema (and hints where validity depends on today or a checksum)

export type Hints = Record<string, () => fc.Arbitrary<unknown>>;

export function plausible(schema: Schema, resolve: (s: Schema) => Schema, hints: Hints, name = '', depth = 0): fc.Arbitrary<unknown> {
  schema = resolve(schema);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (hints[name]) return hints[name]();
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'number':
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 100 });
    case 'array': {
      const items = schema.items ? plausible(schema.items, resolve, hints, name, depth + 1) : fc.constant({});
      const min = schema.minItems ?? 0;
      return fc.array(items, { minLength: min, maxLength: Math.max(min, 3) });
    }
    case 'string':
      if (schema.example !== undefined) return fc.constant(schema.example);
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({ minLength: 1, maxLength: Math.min(schema.maxLength ?? 20, 20) });
    default: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      if (depth > 4 || Object.keys(properties).length === 0) return fc.constant({});
      const required = new Set<string>(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(properties)) record[key] = plausible(value, resolve, hints, key, depth + 1);
      return fc.record(record, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
    }
  }
}

/** One change that makes a plausible JSON value (usually) wrong. */
function mutateOnce(value: unknown, schema: Schema, resolve: (s: Schema) => Schema, depth = 0): fc.Arbitrary<unknown> {
  schema = resolve(schema);
  const whole = fc.oneof(badValue, wrongType);
  if (Array.isArray(value)) {
    if (value.length === 0 || depth > 4) return fc.oneof(whole, fc.constant([...value, ...value]), badValue.map((v) => [...value, v]));
    return fc.oneof(
      whole,
      fc.constant([...value, ...value]), // duplicates where items must be unique
      badValue.map((v) => [...value, v]),
      fc.nat({ max: value.length - 1 }).chain((i) =>
        mutateOnce(value[i], schema.items ?? {}, resolve, depth + 1).map((v) => value.map((item, j) => (j === i ? v : item))),
      ),
    );
  }
  if (value === null || typeof value !== 'object' || depth > 4) return whole;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const known = Object.keys(properties);
  const options: Array<fc.Arbitrary<unknown>> = [
    // An unknown key, or one that names an object's machinery.
    fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 12 }), nastyString.filter((s) => s.length < 50)), fc.oneof(badValue, fc.constant({ isAdmin: true }))).map(([k, v]) => withKey(object, k, v)),
  ];
  if (depth === 0) options.push(whole);
  if (known.length > 0) {
    // A known field set to a bad value (present or not before).
    options.push(fc.tuple(fc.constantFrom(...known), badValue).map(([k, v]) => withKey(object, k, v)));
  }
  if (keys.length > 0) {
    // A field left out.
    options.push(fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(object).filter(([key]) => key !== k))));
    // A change deeper down.
    options.push(fc.constantFrom(...keys).chain((k) => mutateOnce(object[k], properties[k] ?? {}, resolve, depth + 1).map((v) => withKey(object, k, v))));
  }
  return fc.oneof(...options);
}

/** A plausible value with one to three bad changes. */
export function mutated(base: fc.Arbitrary<unknown>, schema: Schema, resolve: (s: Schema) => Schema): fc.Arbitrary<unknown> {
  const step = (a: fc.Arbitrary<unknown>) => a.chain((v) => mutateOnce(v, schema, resolve));
  return fc.oneof({ weight: 5, arbitrary: step(base) }, { weight: 2, arbitrary: step(step(base)) }, { weight: 1, arbitrary: step(step(step(base))) });
}

// ---------------------------------------------------------------------------------------------
// Cursors

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** Cursors a caller edited or made up: valid base64url of edited JSON, and garbage. */
export function tamperedCursor(real: string[]): fc.Arbitrary<string> {
  const id = fc.oneof(fc.uuid(), fc.constantFrom('x', '', '00000000-0000-0000-0000-000000000000', "1' OR '1'='1", '6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60:L1', '6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60:' + 'x'.repeat(40)), nastyString, wrongType);
  const at = fc.oneof(badDate, fc.constantFrom('2027-01-01', '2027-01-01T00:00:00.000Z', '1', '', 'now()'), wrongType);
  const decoded = real.map((c) => {
    try {
      return JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  });
  const edited = fc.oneof(
    fc.record({ at, id }).map((v) => b64(JSON.stringify(v))),
    fc.record({ at, id }, { requiredKeys: [] }).map((v) => b64(JSON.stringify(v))),
    fc.tuple(at, id, fc.constantFrom(...PROTO_KEYS, 'extra')).map(([a, i, k]) => b64(JSON.stringify(withKey({ at: a, id: i }, k, 1)))),
    fc.oneof(wrongType, nastyString).map((v) => b64(JSON.stringify(v) ?? '')),
    ...(decoded.length > 0 ? [fc.tuple(fc.constantFrom(...decoded), at, id, fc.boolean()).map(([d, a, i, which]) => b64(JSON.stringify(which ? { ...d, at: a } : { ...d, id: i })))] : []),
  );
  const garbage = fc.oneof(
    nastyString,
    fc.base64String({ maxLength: 80 }),
    fc.constantFrom('not-a-cursor', '====', 'eyJ', 'e30', b64('{'), b64('{"at":'), b64('[]'), b64('null'), 'x'.repeat(201), b64(JSON.stringify({ at: '2027-01-01', id: 'x'.repeat(300) }))),
    ...(real.length > 0 ? [fc.tuple(fc.constantFrom(...real), fc.nat(), fc.constantFrom('A', '_', '-', '=', '+', '/')).map(([c, i, ch]) => c.slice(0, i % c.length) + ch + c.slice((i % c.length) + 1))] : []),
  );
  return fc.oneof(edited, garbage);
}

// ---------------------------------------------------------------------------------------------
// Encoding: every byte percent-encoded but unreserved ones; a lone surrogate as the bytes an
// unpaired UTF-16 unit would be in CESU-8 (not valid UTF-8), which a server must refuse, not crash on.

export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const paired = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    if (unit >= 0xd800 && unit <= 0xdfff && !paired) {
      out += `%${(0xe0 | (unit >> 12)).toString(16).toUpperCase()}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (unit & 0x3f)).toString(16).toUpperCase()}`;
      continue;
    }
    const char = paired ? text.slice(i, i + 2) : text[i];
    if (paired) i++;
    out += /^[A-Za-z0-9\-._~]$/.test(char) ? char : [...Buffer.from(char, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

/** Query-string pieces no encoder makes: a bare `%`, bad escapes, an overlong NUL, nesting syntax. */
export const RAW_QUERY_JUNK = ['%', '%zz', '%C0%80', '%ED%A0%80', '%FF', '&&&', '=', '==', 'a[b]=1', 'a[__proto__][x]=1', '__proto__[x]=1', 'constructor[prototype][x]=1', '?', '#', 'x'.repeat(3000)];

/** Header values Node can send (latin-1, no control characters but tab). */
export const headerText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.constantFrom('', ' ', '\t', 'x'.repeat(101), 'x'.repeat(2000), 'caf\u00e9', 'a b', 'a;b', 'a,b', '../..', "' OR 1=1"),
);
