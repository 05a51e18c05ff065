/**
 * Bad input, generated (issue 16): for every operation in the committed OpenAPI document,
 * fast-check generates requests (bodies, query strings, path parameters and headers: wrong
 * types, boundary and absurd dates, huge and empty strings, unicode, deep nesting,
 * prototype-pollution keys, tampered cursors, forged tokens) and every answer must be:
 *   - never a 5xx;
 *   - a 4xx as application/problem+json with `type`, `title` and `status` (the HTTP status);
 *   - free of stack traces, SQL, file paths and driver or framework internals;
 *   - for a refusal (4xx), the database unchanged: every table's rows checksummed before and
 *     after, the audit log excepted for the refusal's own lines (same correlation id and status),
 *     which the API writes on purpose.
 * The suite runs its own API and worker against a database of its own (migrated and seeded
 * here), so nothing else writes to what it checksums. Runs per route: FUZZ_RUNS (default 200);
 * FUZZ_SEED replays a run; FUZZ_SHRINK=1 shrinks a failure (slow: each step is a real request).
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import fc from 'fast-check';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import http from 'node:http';
import { DataSource } from 'typeorm';
import { DEVELOPMENT_KEY } from '@throughcare/auth';
import { dataSourceOptions, seedDemoOrganisations } from '@throughcare/persistence';
import { eventually, Json, sleep } from '../support/api-client';
import { newPrisonNumber, registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';
import {
  badDate,
  headerText,
  isoDay,
  loadOperations,
  mutated,
  nastyString,
  nested,
  Operation,
  percentEncode,
  plausible,
  PROTO_KEYS,
  RAW_QUERY_JUNK,
  tamperedCursor,
  wrongType,
} from '../support/openapi-arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const { operations, resolve } = loadOperations();

// ---------------------------------------------------------------------------------------------
// Callers

const IDENTITIES = {
  prison: ['LEI', 'prison-healthcare'],
  otherPrison: ['BMI', 'prison-healthcare'],
  community: ['CTS-LDS', 'community-treatment'],
  probation: ['PDU-LDS', 'probation'],
  commissioner: ['LA-LDS', 'commissioner'],
  admin: ['THC-OPS', 'admin'],
  /** A valid signature over an organisation that does not exist. */
  unknownOrganisation: ['NOPE-ORG', 'prison-healthcare'],
  unknownOrganisationAdmin: ['ZZ-NONE', 'admin'],
} as const;
type Caller = keyof typeof IDENTITIES;

/** The caller whose role a route is for, so most generated requests get past the guard to validation. */
function rightCaller(op: Operation): Caller {
  if (/organisations|policies|areas|faults/.test(op.path) && op.method !== 'GET') return 'admin';
  if (op.path === '/v1/faults') return 'admin';
  if (op.path.endsWith('/audit')) return 'commissioner';
  return 'prison';
}

/** Forged or malformed Authorization headers, made in beforeAll; the arbitraries pick them by name. */
const FORGED_NAMES = [
  'alg none',
  'alg none, real signature kept',
  'signed with another key',
  'RS256 with a key of its own',
  'HS512 with the development key',
  'expired',
  'not before an hour from now',
  'issued an hour from now',
  'no exp',
  'no iat',
  'lives a year',
  'unknown roles',
  'roles as a string',
  'org as a number',
  'no sub',
  'another issuer',
  'another audience',
  '__proto__ claim',
  'payload edited, signature kept',
  'garbage a.b.c',
  'empty bearer',
  'bearer only',
  'lower-case scheme',
  'Basic scheme',
  'two tokens',
  'no scheme',
  'huge token',
  'nul-free junk',
] as const;
type Forged = (typeof FORGED_NAMES)[number];

type Auth = { kind: 'right' } | { kind: 'valid'; caller: Caller } | { kind: 'forged'; name: Forged } | { kind: 'none' };

// ---------------------------------------------------------------------------------------------
// Real ids, found in beforeAll, so valid-looking paths hit real rows

interface Real {
  pathways: string[];
  tasks: string[];
  notifications: string[];
  imports: string[];
  cursors: string[];
}
const real: Real = { pathways: [], tasks: [], notifications: [], imports: [], cursors: [] };
const FUZZ_AREA = 'E99999990';
const FUZZ_ORG = 'FZ-ORG';

/** Real ids are known only after beforeAll: requests carry an index, resolved when sent. */
type PathValue = { real: keyof Real; index: number } | { junk: string; raw: boolean };

function pathPool(op: Operation, name: string): keyof Real | string[] {
  if (name === 'action') return ['acknowledge', 'accept', 'decline', 'complete'];
  if (name === 'code') return [FUZZ_ORG, 'THC-OPS'];
  if (name === 'area') return [FUZZ_AREA];
  if (op.path.startsWith('/v1/tasks')) return 'tasks';
  if (op.path.startsWith('/v1/notifications')) return 'notifications';
  if (op.path.startsWith('/v1/releases/imports')) return 'imports';
  return 'pathways';
}

const JUNK_IDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '6F1C9D2E-8B47-4A3F-B5E6-1D2C3B4A5F60',
  '6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f6',
  '6f1c9d2e8b474a3fb5e61d2c3b4a5f60',
  '{6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60}',
  '1',
  '-1',
  '0',
  '1e309',
  'null',
  'undefined',
  "1' OR '1'='1",
  'x'.repeat(5000),
];
/** Sent unencoded: they change how the path is read. */
const RAW_PATH_JUNK = ['..', '.', '%', '%00', '%2F', '%2e%2e', 'a%2Fb', '%C0%80', '%ED%A0%80', '%FF', '~', "'", '*', ':id', '%7Bid%7D', 'a;b=c', '..%2F..%2Fetc%2Fpasswd'];

const pathValue = (op: Operation, name: string): fc.Arbitrary<PathValue> => {
  const pool = pathPool(op, name);
  const realValue: fc.Arbitrary<PathValue> = Array.isArray(pool) ? fc.constantFrom(...pool).map((junk) => ({ junk, raw: false })) : fc.nat({ max: 999 }).map((index) => ({ real: pool, index }));
  return fc.oneof(
    { weight: 6, arbitrary: realValue },
    { weight: 2, arbitrary: fc.oneof(nastyString, fc.constantFrom(...JUNK_IDS), fc.uuid()).map((junk) => ({ junk, raw: false })) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_PATH_JUNK).map((junk) => ({ junk, raw: true })) },
  );
};

// ---------------------------------------------------------------------------------------------
// Plausible values where validity depends on today, a checksum or what exists

const HINTS = {
  prisonNumber: () => fc.oneof(fc.constant('').map(() => newPrisonNumber()), fc.constantFrom('A1234BC', 'a1234bc')),
  dateOfBirth: () => fc.integer({ min: 19, max: 110 }).map((years) => isoDay(-years * 366)),
  nhsNumber: () => fc.constantFrom('9434765919', '943 476 5919'),
  // Far ahead: a registration or change the fuzzer gets accepted never falls due during the run.
  releaseDate: () => fc.integer({ min: 200, max: 900 }).map(isoDay),
  releasedOn: () => fc.integer({ min: -3, max: 0 }).map(isoDay),
  on: () => fc.integer({ min: -3, max: 0 }).map(isoDay),
  appointmentAt: () => fc.integer({ min: 1, max: 20 }).map((days) => new Date(Date.now() + days * 86_400_000).toISOString()),
  destinationArea: () => fc.constantFrom('E08000035', 'E08000025', FUZZ_AREA),
  prisonCode: () => fc.constantFrom('LEI', 'BMI', 'ZZZ'),
  // Organisations that exist (mostly), so a registration with one bad field gets past routing to the rule it breaks.
  communityTreatmentCode: () => fc.constantFrom('CTS-LDS', 'CTS-BHM', 'PDU-LDS', 'NOPE'),
  probationCode: () => fc.constantFrom('PDU-LDS', 'PDU-BHM', 'LA-LDS'),
  commissionerCode: () => fc.constantFrom('LA-LDS', 'LA-BHM', 'LEI'),
  code: () => fc.stringMatching(/^FZ-[A-Z0-9]{4,10}$/),
  areas: () => fc.constantFrom([FUZZ_AREA], [], ['E08000035']),
  policyId: () => fc.constantFrom('england-default', 'fuzz-policy', 'no-such-policy'),
  id: () => fc.stringMatching(/^fuzz-[a-z0-9]{3,10}$/),
  offset: () => fc.constantFrom('-20WD', '+1D', '-5D', '+2WD', '0D'),
  at: () => fc.constantFrom('17:00', '09:00'),
  dueTime: () => fc.constantFrom('17:00', '09:30'),
  outcomeWindow: () => fc.constantFrom('+21D', '+4W'),
  notLaterThanBeforeRelease: () => fc.constantFrom('-2WD', '-1D'),
};

const DATE_QUERY = new Set(['releaseFrom', 'releaseTo', 'from', 'to']);

function queryValue(op: Operation, name: string, schema: Json): fc.Arbitrary<string | string[] | undefined> {
  const plausibleValue: fc.Arbitrary<string | string[]> =
    name === 'cursor'
      ? fc.nat({ max: 999 }).map((i) => (real.cursors.length > 0 ? real.cursors[i % real.cursors.length] : ''))
      : name === 'pathwayId'
        ? fc.oneof(fc.nat({ max: 999 }).map((i) => `@pathway:${i}`), fc.uuid())
        : name === 'limit'
          ? fc.integer({ min: 1, max: 200 }).map(String)
          : name === 'releaseFrom' || name === 'releaseTo'
            ? fc.integer({ min: -400, max: 1200 }).map(isoDay)
            : name === 'from' || name === 'to'
              ? fc.integer({ min: -30, max: 30 }).map((months) => isoDay(months * 30).slice(0, 7))
              : schema.type === 'array'
                ? fc.uniqueArray(fc.constantFrom(...(schema.items?.enum ?? ['x'])), { minLength: 1 }).map((v) => v.join(','))
                : plausible(schema, resolve, {}, name).map((v) => String(v));
  const bad: fc.Arbitrary<string | string[]> = fc.oneof(
    nastyString,
    name === 'cursor' ? fc.constant(null).chain(() => tamperedCursor(real.cursors)) : nastyString,
    DATE_QUERY.has(name) ? badDate : nastyString,
    name === 'limit' ? fc.constantFrom('0', '201', '-1', '1.5', '1e3', 'NaN', 'Infinity', '0x10', ' 5', '', '50abc', '9'.repeat(400)) : nastyString,
    wrongType.map((v) => JSON.stringify(v) ?? ''),
    fc.array(fc.oneof(nastyString, plausibleValue.map(String)), { minLength: 2, maxLength: 4 }).map((vs) => vs.map(String)), // repeated key
    schema.type === 'array' ? fc.array(fc.oneof(fc.constantFrom(...(schema.items?.enum ?? ['x'])), nastyString), { minLength: 1, maxLength: 6 }).map((v) => v.join(',')) : nastyString,
  );
  return fc.oneof({ weight: 4, arbitrary: plausibleValue }, { weight: 2, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: bad });
}

// ---------------------------------------------------------------------------------------------
// Requests

interface Generated {
  auth: Auth;
  path: Record<string, PathValue>;
  query: Array<[string, string | string[] | undefined]>;
  extraQuery: string[];
  headers: Record<string, string>;
  body?: { text: string; contentType?: string; chunked?: boolean };
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
const ODD_CONTENT_TYPES = [
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=nope',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'text/csv',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/vnd.api+json',
  '*/*',
  '',
];
const RAW_BODIES = [
  '',
  '{',
  '{"a":',
  '[',
  'null',
  'true',
  '1',
  '"text"',
  '[]',
  '{}',
  '{"a":1,"a":2}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '\ufeff{}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":1e999999}',
  `{"a":${'9'.repeat(5000)}}`,
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  `{"a":"${'x'.repeat(110_000)}"}`,
  '<a>xml</a>',
  'a=1&b=2',
];
const CSV_BODIES = [
  'prisonNumber,givenName\n',
  'prisonNumber,__proto__,constructor\nA1234BC,x,y\n',
  `prisonNumber,givenName\n"unbalanced,quote\n`,
  'prisonNumber,givenName\nA1234BC,Sam\u0000\n',
  'prisonNumber,givenName\nA1234BC,Sam\ud800\n',
  `prisonNumber\n${Array.from({ length: 5001 }, (_, i) => `A${String(i).padStart(4, '0')}AA`).join('\n')}\n`,
  'a,b\n1,2,3\n',
  '\ufeff',
  ',,,\n,,,\n',
];

function bodyFor(op: Operation): fc.Arbitrary<Generated['body']> {
  const isImport = op.key === 'POST /v1/releases/imports';
  const schema = isImport ? { type: 'array', minItems: 1, items: resolve({ $ref: '#/components/schemas/RegisterReleaseDto' }) } : (op.body?.schema ?? { type: 'object', properties: {} });
  const base = plausible(schema, resolve, HINTS);
  const json = (value: unknown) => JSON.stringify(value) ?? 'null';
  const jsonType = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...JSON_TYPES) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_CONTENT_TYPES) });
  const options = [
    { weight: 12, arbitrary: fc.tuple(mutated(base, schema, resolve), jsonType).map(([v, contentType]) => ({ text: json(v), contentType })) },
    { weight: 1, arbitrary: base.map((v) => ({ text: json(v), contentType: 'application/json' })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...RAW_BODIES), fc.constantFrom(...JSON_TYPES, ...ODD_CONTENT_TYPES)).map(([text, contentType]) => ({ text, contentType })) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 30, max: 40 }), fc.boolean()).map(([depth, list]) => ({ text: json(nested(depth, list)), contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(mutated(base, schema, resolve), fc.boolean()).map(([v]) => ({ text: json(v), contentType: 'application/json', chunked: true })) },
  ];
  if (isImport) options.push({ weight: 2, arbitrary: fc.constantFrom(...CSV_BODIES).map((text) => ({ text, contentType: 'text/csv' })) });
  if (!op.body) {
    // No body expected: mostly none, sometimes one anyway.
    return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(...options.map((o) => o.arbitrary)) });
  }
  return fc.oneof(...options);
}

const EXTRA_QUERY = fc.oneof(
  fc.constantFrom(...RAW_QUERY_JUNK),
  fc.tuple(fc.constantFrom(...PROTO_KEYS), nastyString).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`),
  fc.tuple(fc.string({ maxLength: 10 }), nastyString).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`),
);

const ACCEPTS = ['application/json', 'application/problem+json', 'text/csv', 'image/svg+xml', '*/*', 'text/html', 'garbage', ''];

function requestFor(op: Operation): fc.Arbitrary<Generated> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const auth: fc.Arbitrary<Auth> = fc.oneof(
    { weight: 14, arbitrary: fc.constant<Auth>({ kind: 'right' }) },
    { weight: 2, arbitrary: fc.constantFrom(...(Object.keys(IDENTITIES) as Caller[])).map((caller): Auth => ({ kind: 'valid', caller })) },
    { weight: 4, arbitrary: fc.constantFrom(...FORGED_NAMES).map((name): Auth => ({ kind: 'forged', name })) },
    { weight: 1, arbitrary: fc.constant<Auth>({ kind: 'none' }) },
  );
  const headers = fc.record(
    {
      'Idempotency-Key': fc.oneof(fc.uuid().map((u) => `fuzz-${u}`), headerText),
      'X-Correlation-Id': fc.oneof(fc.uuid(), headerText),
      Accept: fc.constantFrom(...ACCEPTS),
      'X-Forwarded-For': headerText,
      'Content-Encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-junk'),
      'X-HTTP-Method-Override': fc.constantFrom('DELETE', 'PUT', 'GET'),
      Cookie: headerText,
      Origin: headerText,
    },
    { requiredKeys: [] },
  );
  return fc.record({
    auth,
    path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(op, p.name)]))) as fc.Arbitrary<Record<string, PathValue>>,
    query: fc.tuple(...queryParams.map((p) => queryValue(op, p.name, p.schema).map((v): [string, string | string[] | undefined] => [p.name, v]))),
    extraQuery: fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(EXTRA_QUERY, { minLength: 1, maxLength: 3 }) }),
    headers: fc
      .tuple(
        fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 2, arbitrary: headers }) as fc.Arbitrary<Record<string, string>>,
        // A fresh, valid key on a third of changes: a refusal must free it (or never bind it).
        op.method === 'GET' ? fc.constant(undefined) : fc.option(fc.uuid().map((u) => `fuzz-${u}`), { freq: 2 }),
      )
      .map(([h, key]) => (key ? { ...h, 'Idempotency-Key': key } : h)),
    body: bodyFor(op),
  });
}

// ---------------------------------------------------------------------------------------------
// What no answer may hold

const LEAKS: Array<[string, RegExp]> = [
  ['a stack frame', /\bat\s+(?:async\s+)?(?:\S+\s+)?\(?(?:\/|file:|node:|[A-Za-z]:\\)[^\s)]*:\d+(?::\d+)?\)?/],
  ['an internal error class', /\b\w+(?:Error|Exception)\b|\bdriverError\b|\bSQLSTATE\b|\bECONN\w+\b/],
  ['SQL', /\b(?:SELECT\b[\s\S]{1,200}\bFROM|INSERT INTO|UPDATE\b[\s\S]{1,200}\bSET|DELETE FROM)\b|duplicate key value|violates (?:foreign key|unique|check|not-null) constraint|invalid input syntax|syntax error at or near|relation "[^"]*" does not exist|column "[^"]*"|\$\d+::/],
  ['a file path', /(?:^|[\s"'(])\/(?:work|home|usr|opt|app|srv|tmp|root|var)\/|node_modules|\b(?:dist|src)\/(?:apps|libs)\b|\.(?:ts|js|mts|cjs):\d+/],
];

/** Every string the request itself carried: an answer may quote the caller's own input back. */
function inputStrings(sent: Sent): string[] {
  const found = new Set<string>();
  const add = (s: string) => {
    if (s.length >= 3) for (const form of [s, s.normalize('NFC')]) found.add(form);
  };
  const walk = (v: unknown) => {
    if (typeof v === 'string') add(v);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (add(k), walk(x));
  };
  try {
    walk(JSON.parse(sent.body ?? 'null'));
  } catch {
    add(sent.body ?? '');
  }
  for (const piece of sent.path.split(/[/?&=,]/)) {
    try {
      add(decodeURIComponent(piece));
    } catch {
      add(piece);
    }
  }
  for (const value of Object.values(sent.headers)) add(value);
  return [...found].sort((a, b) => b.length - a.length);
}

function leaks(text: string, sent: Sent): string | undefined {
  let scrubbed = text;
  // Compare the answer with the input as parsed JSON strings, so escapes do not hide an echo.
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined) {
    const strings: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (strings.push(k), walk(x));
    };
    walk(parsed);
    scrubbed = strings.join(' ¦ ');
  }
  for (const input of inputStrings(sent)) scrubbed = scrubbed.split(input).join(' ');
  for (const [what, pattern] of LEAKS) {
    const match = pattern.exec(scrubbed);
    if (match) return `${what}: …${scrubbed.slice(Math.max(0, match.index - 60), match.index + 80)}…`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The database, checksummed

interface Snapshot {
  tables: Record<string, string>;
  /** The audit log's last id and its count of lines. */
  auditMax: string;
  auditCount: string;
}

/**
 * Tables written by background work, not by requests: a change there alone is confirmed by
 * sending the refusal again. The workflows' timers (the read model), the dispatcher, the worker's
 * minutely fold of settled pathways into the handover summary, and an accepted import's workflow
 * and its stalled-import sweep (a refusal once failed on a change to `release_imports` alone, in
 * a run with files side by side).
 */
const BACKGROUND_TABLES = new Set([
  'tasks',
  'escalations',
  'notifications',
  'pathway_events',
  'pathways',
  'handover_step_summary',
  'handover_summary_pathways',
  'handover_summary_calendar',
  'release_imports',
  'release_import_rows',
]);

// ---------------------------------------------------------------------------------------------

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  chunked?: boolean;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function send(base: URL, sent: Sent): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const body = sent.body === undefined ? undefined : Buffer.from(sent.body, 'utf8');
    const headers: Record<string, string | number> = { ...sent.headers };
    // Framed either way, whatever the method (Node sends a GET's body unframed unless told).
    if (body && sent.chunked) headers['Transfer-Encoding'] = 'chunked';
    else if (body) headers['Content-Length'] = body.length;
    const req = http.request({ host: base.hostname, port: base.port, method: sent.method, path: sent.path, headers, agent, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('generated bad input, from docs/openapi.json', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let base: URL;
  let owner: DataSource;
  let fuzzDb: DataSource;
  let databaseName: string;
  const tokens = {} as Record<Caller, string>;
  const forged = {} as Record<Forged, string>;
  /** Per route: what it answered, and at which request each kind of answer (status and problem type) was first seen. */
  const tally = new Map<string, { tried: number; statuses: Map<number, number>; refused: number; confirmedByReplay: number; firstSeen: Map<string, number> }>();
  let tableNames: string[] = [];
  const started = Date.now();

  beforeAll(async () => {
    // A database of the suite's own, so only its own API and worker write to what it checksums.
    const ownerUrl = new URL(process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL!);
    const appUrl = new URL(process.env.DATABASE_URL!);
    databaseName = `${ownerUrl.pathname.slice(1)}_fuzz`.slice(0, 60);
    owner = await new DataSource(dataSourceOptions(ownerUrl.toString(), { poolSize: 1 })).initialize();
    await owner.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await owner.query(`CREATE DATABASE "${databaseName}"`);
    ownerUrl.pathname = `/${databaseName}`;
    appUrl.pathname = `/${databaseName}`;
    fuzzDb = await new DataSource(dataSourceOptions(ownerUrl.toString(), { poolSize: 1, applicationName: 'fuzz-checksum' })).initialize();
    await fuzzDb.runMigrations({ transaction: 'each' });
    await seedDemoOrganisations(fuzzDb);
    tableNames = (
      (await fuzzDb.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations', 'audit_log') ORDER BY 1`)) as Array<{ name: string }>
    ).map((t) => t.name);
    await installTouchTriggers();

    const config = suiteConfig({ DATABASE_URL: appUrl.toString(), RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'fatal' });
    worker = await startWorker(config);
    const startedApi = await startApi(config);
    api = startedApi.app;
    base = new URL(startedApi.url.replace('[::1]', '127.0.0.1'));

    for (const [caller, [org, role]] of Object.entries(IDENTITIES)) tokens[caller as Caller] = await tokenFor(org, role);
    Object.assign(forged, await forgeTokens(tokens.prison));

    await setUpRealRows();
    await settled();
  }, 180_000);

  afterAll(async () => {
    printTally();
    agent.destroy();
    await api?.close();
    await worker?.close();
    await fuzzDb?.destroy();
    await owner?.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch(() => undefined);
    await owner?.destroy();
  });

  async function call(as: Caller, method: string, path: string, body?: unknown): Promise<Json> {
    const res = await send(base, { method, path, headers: { Authorization: `Bearer ${tokens[as]}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return JSON.parse(res.text);
  }

  async function setUpRealRows(): Promise<void> {
    await call('admin', 'POST', '/v1/organisations', { code: FUZZ_ORG, name: 'A fuzzed service', type: 'community-treatment', areas: [FUZZ_AREA] });
    for (let i = 0; i < 6; i++) {
      const pathway = await call('prison', 'POST', '/v1/releases', registration());
      real.pathways.push(pathway.id);
      real.tasks.push(...pathway.tasks.map((t: Json) => t.id));
    }
    const list = await call('prison', 'POST', '/v1/releases/imports', [registration(), registration({ nhsNumber: 'nope' })]);
    real.imports.push(list.id);
    await eventually('the list registered', async () => (await call('prison', 'GET', `/v1/releases/imports/${list.id}`)).state === 'done', 60_000);
    const told = await eventually('a notification to the prison', async () => {
      const page = await call('prison', 'GET', '/v1/notifications?state=all&limit=200');
      return page.items.length > 0 ? page.items : undefined;
    });
    real.notifications.push(...told.map((n: Json) => n.id));
    for (const list of ['/v1/pathways', '/v1/tasks', '/v1/notifications?state=all&', '/v1/escalations']) {
      const page = await call('prison', 'GET', `${list}${list.includes('?') ? '' : '?'}limit=1`);
      if (page.nextCursor) real.cursors.push(page.nextCursor);
    }
    const faults = await call('admin', 'GET', '/v1/faults?limit=1');
    if (faults.nextCursor) real.cursors.push(faults.nextCursor);
  }

  const checksum = (t: string) => `SELECT '${t}' AS t, md5(count(*)::text || ':' || coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS s FROM "${t}" x`;
  /** Per table, its rows' checksum as last computed; recomputed only for tables a statement has touched since. */
  const sums: Record<string, string> = {};
  let touchedUpTo = '0';
  let audit = { max: '0', count: '0' };

  /**
   * Statement triggers (installed on the suite's database by its owner) note each table a
   * statement wrote to, so most snapshots are one cheap query; a touched table is checksummed
   * afresh, so a write that changed nothing (a key bound and then freed) is no change.
   */
  async function installTouchTriggers(): Promise<void> {
    await fuzzDb.query(`CREATE TABLE fuzz_touched (id bigserial PRIMARY KEY, tbl text NOT NULL)`);
    await fuzzDb.query(`CREATE FUNCTION fuzz_touch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN INSERT INTO fuzz_touched (tbl) VALUES (TG_TABLE_NAME); RETURN NULL; END $$`);
    for (const t of [...tableNames, 'audit_log']) {
      await fuzzDb.query(`CREATE TRIGGER fuzz_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${t}" FOR EACH STATEMENT EXECUTE FUNCTION fuzz_touch()`);
    }
    const rows = (await fuzzDb.query(tableNames.map(checksum).join(' UNION ALL '))) as Array<{ t: string; s: string }>;
    for (const r of rows) sums[r.t] = r.s;
    const [a] = (await fuzzDb.query(`SELECT coalesce(max(id), 0)::text AS max, count(*)::text AS count FROM audit_log`)) as Array<{ max: string; count: string }>;
    audit = a;
  }

  /**
   * Every table's rows, checksummed; of the append-only audit log (the application's login may
   * not update or delete it), the count and the last id, and its rows in full once per route.
   */
  async function snapshot(): Promise<Snapshot> {
    const touched = (await fuzzDb.query(`SELECT tbl, max(id)::text AS upto FROM fuzz_touched WHERE id > $1 GROUP BY tbl`, [touchedUpTo])) as Array<{ tbl: string; upto: string }>;
    if (touched.length > 0) {
      touchedUpTo = touched.reduce((m, r) => (BigInt(r.upto) > BigInt(m) ? r.upto : m), touchedUpTo);
      const tables = touched.map((r) => r.tbl).filter((t) => tableNames.includes(t));
      if (tables.length > 0) for (const r of (await fuzzDb.query(tables.map(checksum).join(' UNION ALL '))) as Array<{ t: string; s: string }>) sums[r.t] = r.s;
      if (touched.some((r) => r.tbl === 'audit_log')) {
        [audit] = (await fuzzDb.query(`SELECT coalesce(max(id), 0)::text AS max, count(*)::text AS count FROM audit_log`)) as Array<{ max: string; count: string }>;
      }
    }
    return { tables: { ...sums }, auditMax: audit.max, auditCount: audit.count };
  }

  async function auditChecksum(upTo: string): Promise<string> {
    const [{ s }] = (await fuzzDb.query(`SELECT md5(coalesce(string_agg(md5(x::text), '' ORDER BY x.id), '')) AS s FROM audit_log x WHERE x.id <= $1`, [upTo])) as Array<{ s: string }>;
    return s;
  }

  /** The database once nothing has changed for a moment: after an accepted change, the workflow's own writes land. */
  async function settled(): Promise<Snapshot> {
    let last = await snapshot();
    const deadline = Date.now() + 30_000;
    for (;;) {
      await sleep(120);
      const next = await snapshot();
      const [{ n: importing }] = (await fuzzDb.query(`SELECT count(*)::int AS n FROM release_imports WHERE state <> 'done'`)) as Array<{ n: number }>;
      if (sameTables(last, next) && last.auditMax === next.auditMax && importing === 0) return next;
      if (Date.now() > deadline) throw new Error('the database did not settle within 30 s');
      last = next;
    }
  }

  const sameTables = (a: Snapshot, b: Snapshot) => tableNames.every((t) => a.tables[t] === b.tables[t]);
  const changedTables = (a: Snapshot, b: Snapshot) => tableNames.filter((t) => a.tables[t] !== b.tables[t]);

  /** What a refusal changed, or undefined: its own audit lines (same correlation id and status) are expected. */
  async function changesBy(before: Snapshot, after: Snapshot, answer: Answer): Promise<string | undefined> {
    const problems: string[] = [];
    const tables = changedTables(before, after);
    if (tables.length > 0) problems.push(`tables changed: ${tables.join(', ')}`);
    const [{ n: kept }] = (await fuzzDb.query(`SELECT count(*)::text AS n FROM audit_log WHERE id <= $1`, [before.auditMax])) as Array<{ n: string }>;
    if (kept !== before.auditCount) problems.push('earlier audit lines went');
    const added = (await fuzzDb.query(`SELECT id, action, status, correlation_id AS "correlationId" FROM audit_log WHERE id > $1 AND id <= $2 ORDER BY id`, [
      before.auditMax,
      after.auditMax,
    ])) as Array<{ id: string; action: string; status: number; correlationId: string | null }>;
    const correlation = answer.headers['x-correlation-id'];
    const foreign = added.filter((line) => line.correlationId !== correlation || line.status !== answer.status);
    if (foreign.length > 0) problems.push(`audit lines not of this refusal: ${JSON.stringify(foreign.slice(0, 3))}`);
    return problems.length > 0 ? problems.join('; ') : undefined;
  }

  function toSent(op: Operation, g: Generated): Sent {
    let path = op.path;
    for (const [name, value] of Object.entries(g.path)) {
      let text: string;
      if ('real' in value) {
        const pool = real[value.real];
        text = pool.length > 0 ? percentEncode(pool[value.index % pool.length]) : 'none';
      } else text = value.raw ? value.junk : percentEncode(value.junk);
      path = path.replace(`{${name}}`, text);
    }
    const pairs: string[] = [];
    for (const [name, value] of g.query) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        const resolved = v.startsWith('@pathway:') ? (real.pathways[Number(v.slice(9)) % real.pathways.length] ?? v) : v;
        pairs.push(`${name}=${percentEncode(resolved)}`);
      }
    }
    pairs.push(...g.extraQuery);
    if (pairs.length > 0) path += `?${pairs.join('&')}`;
    const headers: Record<string, string> = { ...g.headers };
    if (!g.body) delete headers['Content-Encoding'];
    const authorization = authHeader(op, g.auth);
    if (authorization !== undefined) headers.Authorization = authorization;
    if (g.body?.contentType) headers['Content-Type'] = g.body.contentType;
    return { method: op.method, path, headers, body: g.body?.text, chunked: g.body?.chunked };
  }

  function authHeader(op: Operation, auth: Auth): string | undefined {
    switch (auth.kind) {
      case 'right':
        return `Bearer ${tokens[rightCaller(op)]}`;
      case 'valid':
        return `Bearer ${tokens[auth.caller]}`;
      case 'forged':
        return forged[auth.name];
      case 'none':
        return undefined;
    }
  }

  /** The checks every answer passes; throws, with what was sent, on the first it fails. */
  async function check(op: Operation, sent: Sent, before: Snapshot, auth: Auth): Promise<Snapshot> {
    const answer = await send(base, sent);
    const entry = tally.get(op.key)!;
    entry.tried++;
    entry.statuses.set(answer.status, (entry.statuses.get(answer.status) ?? 0) + 1);
    const kind = `${answer.status} ${/"type":"([^"]*)"/.exec(answer.text)?.[1] ?? ''}`;
    if (!entry.firstSeen.has(kind)) entry.firstSeen.set(kind, entry.tried);
    const fail = (why: string) => {
      throw new Error(`${op.key}: ${why}\n  sent: ${describeSent(sent)}\n  answer: ${answer.status} ${answer.headers['content-type'] ?? ''} ${answer.text.slice(0, 600)}`);
    };
    if (answer.status >= 500) fail('a 5xx');
    const leak = leaks(answer.text, sent);
    if (leak) fail(`the answer leaks ${leak}`);
    // A forged, expired or malformed token never gets a route that needs one to do anything.
    if (op.secured && (auth.kind === 'forged' || auth.kind === 'none') && answer.status < 400) fail(`a ${auth.kind === 'forged' ? `forged token (${auth.name})` : 'request without a token'} was answered ${answer.status}`);
    if (answer.status < 400) {
      // Accepted: what it changed is its business; wait for the workflow's writes to land.
      return op.method === 'GET' ? snapshot() : settled();
    }
    entry.refused++;
    if (!/^application\/problem\+json\b/.test(String(answer.headers['content-type']))) fail('a 4xx that is not application/problem+json');
    let problem: Json;
    try {
      problem = JSON.parse(answer.text);
    } catch {
      return fail('a problem+json body that is not JSON');
    }
    if (typeof problem.type !== 'string' || problem.type === '' || typeof problem.title !== 'string' || problem.title === '') fail('a problem without type or title');
    if (problem.status !== answer.status) fail(`a problem whose status (${problem.status}) is not the HTTP status`);
    if (!/^https:\/\/\S+$/.test(problem.type)) fail('a problem whose type is not an absolute URI');
    const after = await snapshot();
    const changed = await changesBy(before, after, answer);
    if (!changed) return after;
    // A timer of a pathway an earlier accepted request moved on may have fired meanwhile: a
    // change only to tables background work writes is confirmed by sending the refusal again (with a fresh
    // Idempotency-Key, if it had one) once the database has settled. Any other change fails at once.
    if (changedTables(before, after).every((t) => BACKGROUND_TABLES.has(t)) && !changed.includes('audit')) {
      const again = await settled();
      const resent = { ...sent, headers: { ...sent.headers } };
      if (resent.headers['Idempotency-Key']) resent.headers['Idempotency-Key'] = `${resent.headers['Idempotency-Key'].slice(0, 60)}-again-${Date.now()}`;
      const second = await send(base, resent);
      entry.tried++;
      if (second.status >= 400 && second.status < 500) {
        const afterSecond = await snapshot();
        const changedAgain = await changesBy(again, afterSecond, second);
        if (!changedAgain) {
          entry.confirmedByReplay++;
          return afterSecond;
        }
      }
    }
    return fail(`the refusal changed the database: ${changed}`);
  }

  it('covers every operation in docs/openapi.json', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const op of operations) expect(op.key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \//);
  });

  describe.each(operations.map((op) => [op.key, op] as const))('%s', (key, op) => {
    it(`answers ${RUNS} generated requests with no 5xx, only problem+json refusals, no leaks, and no change from a refusal`, async () => {
      tally.set(key, { tried: 0, statuses: new Map(), refused: 0, confirmedByReplay: 0, firstSeen: new Map() });
      let before = await settled();
      const auditAtStartMax = before.auditMax;
      const auditAtStart = await auditChecksum(auditAtStartMax);
      await fc.assert(
        fc.asyncProperty(requestFor(op), async (generated) => {
          before = await check(op, toSent(op, generated), before, generated.auth);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: !process.env.FUZZ_SHRINK, verbose: 1 },
      );
      // The audit lines there were before the route's requests are there still, unchanged.
      expect(await auditChecksum(auditAtStartMax)).toBe(auditAtStart);
    });
  });

  it('frees the Idempotency-Key of a change refused with 409, as of one refused with 400 (a case the generator found)', async () => {
    const pathway = await call('prison', 'POST', '/v1/releases', registration());
    await call('prison', 'POST', `/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' });
    const key = `fuzz-409-${pathway.id}`;
    const refused = await send(base, {
      method: 'POST',
      path: `/v1/pathways/${pathway.id}/cancel`,
      headers: { Authorization: `Bearer ${tokens.prison}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ reason: 'Registered in error' }),
    });
    expect(refused.status).toBe(409);
    expect(await fuzzDb.query(`SELECT key FROM idempotency_keys WHERE key = $1`, [key])).toEqual([]);
  });

  function printTally(): void {
    const rows = [...tally.entries()];
    const total = rows.reduce((n, [, e]) => n + e.tried, 0);
    const refused = rows.reduce((n, [, e]) => n + e.refused, 0);
    const width = Math.max(...rows.map(([k]) => k.length), 5);
    // What more requests found: the request at which each route's last new kind of answer came.
    const lastNew = rows.map(([, e]) => Math.max(...e.firstSeen.values()));
    const kinds = rows.reduce((n, [, e]) => n + e.firstSeen.size, 0);
    const byHundred = [100, 200, 300, 400, 600, 800, 1000].filter((n) => n < RUNS + 100).map((n) => `${lastNew.filter((l) => l <= n).length} by request ${n}`);
    const lines = [
      '',
      `Generated bad input: requests tried per route (FUZZ_RUNS=${RUNS}${SEED === undefined ? '' : `, FUZZ_SEED=${SEED}`})`,
      `${'route'.padEnd(width)}  tried  refused  answers`,
      ...rows.map(
        ([k, e]) =>
          `${k.padEnd(width)}  ${String(e.tried).padStart(5)}  ${String(e.refused).padStart(7)}  ${[...e.statuses.entries()]
            .sort(([a], [b]) => a - b)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')}${e.confirmedByReplay ? `  (${e.confirmedByReplay} background change(s) ruled out by replay)` : ''}`,
      ),
      `${'total'.padEnd(width)}  ${String(total).padStart(5)}  ${String(refused).padStart(7)}  over ${rows.length} routes in ${Math.round((Date.now() - started) / 1000)} s`,
      `${kinds} kinds of answer (status and problem type) in all; of the ${rows.length} routes, the last new kind came ${byHundred.join(', ')}`,
      `routes whose last new kind came after request 50: ${rows.flatMap(([k], i) => (lastNew[i] > 50 ? [`${k} (at ${lastNew[i]})`] : [])).join('; ') || 'none'}`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
});

function describeSent(sent: Sent): string {
  const body = sent.body === undefined ? '' : ` body(${sent.body.length}): ${JSON.stringify(sent.body.slice(0, 400))}`;
  const headers = Object.fromEntries(Object.entries(sent.headers).map(([k, v]) => [k, v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v]));
  return `${sent.method} ${sent.path.length > 400 ? `${sent.path.slice(0, 400)}…` : sent.path} ${JSON.stringify(headers)}${body}${sent.chunked ? ' (chunked)' : ''}`;
}

/** Authorization headers no caller should get past the guard with (or, with a valid signature over nothing of ours, any further). */
async function forgeTokens(valid: string): Promise<Record<Forged, string>> {
  const now = Math.floor(Date.now() / 1000);
  const claims = { name: 'Forged', org: 'LEI', roles: ['prison-healthcare'] };
  const sign = (payload: Record<string, unknown>, opts: { iat?: number | null; exp?: number | null; nbf?: number; iss?: string; aud?: string; sub?: string | null; alg?: string; key?: Uint8Array } = {}) => {
    let jwt = new SignJWT(payload).setProtectedHeader({ alg: opts.alg ?? DEVELOPMENT_KEY.alg }).setIssuer(opts.iss ?? DEVELOPMENT_KEY.issuer).setAudience(opts.aud ?? DEVELOPMENT_KEY.audience);
    if (opts.sub !== null) jwt = jwt.setSubject(opts.sub ?? 'lei-forger');
    if (opts.iat !== null) jwt = jwt.setIssuedAt(opts.iat ?? now);
    if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? now + 3600);
    if (opts.nbf !== undefined) jwt = jwt.setNotBefore(opts.nbf);
    return jwt.sign(opts.key ?? DEVELOPMENT_KEY.secret);
  };
  const [header, payload, signature] = valid.split('.');
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const rsa = await generateKeyPair('RS256');
  const rs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setIssuer(DEVELOPMENT_KEY.issuer).setAudience(DEVELOPMENT_KEY.audience).setSubject('lei-forger').setIssuedAt(now).setExpirationTime(now + 3600).sign(rsa.privateKey);
  const unsecured = new UnsecuredJWT(claims).setIssuer(DEVELOPMENT_KEY.issuer).setAudience(DEVELOPMENT_KEY.audience).setSubject('lei-forger').setIssuedAt(now).setExpirationTime(now + 3600).encode();
  const editedPayload = b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['admin'], org: 'THC-OPS' });
  const tokens: Record<Forged, string> = {
    'alg none': unsecured,
    'alg none, real signature kept': `${b64({ alg: 'none' })}.${payload}.${signature}`,
    'signed with another key': await sign(claims, { key: new TextEncoder().encode('another-key-another-key-another-key-42') }),
    'RS256 with a key of its own': rs256,
    'HS512 with the development key': await sign(claims, { alg: 'HS512' }),
    expired: await sign(claims, { iat: now - 7200, exp: now - 3600 }),
    'not before an hour from now': await sign(claims, { nbf: now + 3600, exp: now + 7200 }),
    'issued an hour from now': await sign(claims, { iat: now + 3600, exp: now + 7200 }),
    'no exp': await sign(claims, { exp: null }),
    'no iat': await sign(claims, { iat: null }),
    'lives a year': await sign(claims, { exp: now + 365 * 86_400 }),
    'unknown roles': await sign({ ...claims, roles: ['root', 'superuser', 'ADMIN'] }),
    'roles as a string': await sign({ ...claims, roles: 'admin' }),
    'org as a number': await sign({ ...claims, org: 42 }),
    'no sub': await sign(claims, { sub: null }),
    'another issuer': await sign(claims, { iss: 'https://evil.example/' }),
    'another audience': await sign(claims, { aud: 'someone-else' }),
    '__proto__ claim': await sign(JSON.parse('{"name":"Forged","org":"LEI","roles":[],"__proto__":{"roles":["admin"]}}')),
    'payload edited, signature kept': `${header}.${editedPayload}.${signature}`,
    'garbage a.b.c': 'a.b.c',
    'empty bearer': 'Bearer ',
    'bearer only': 'Bearer',
    'lower-case scheme': `bearer ${valid}`,
    'Basic scheme': 'Basic dXNlcjpwYXNzd29yZA==',
    'two tokens': `Bearer ${valid} ${valid}`,
    'no scheme': valid,
    'huge token': `Bearer ${'A'.repeat(12_000)}.${'B'.repeat(3_000)}.C`,
    'nul-free junk': `Bearer ${Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url')}..`,
  };
  for (const name of FORGED_NAMES) {
    if (!(name in tokens)) throw new Error(`no forged token named ${name}`);
    if (!/^(Bearer|bearer|Basic)\b/.test(tokens[name]) && name !== 'no scheme') tokens[name] = `Bearer ${tokens[name]}`;
  }
  return tokens;
}
