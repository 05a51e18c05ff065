/**
 * Finding a person: `GET /v1/pathways?q=` by prison number, name (accent- and case-insensitive,
 * in part), NHS number and date of birth, only among the pathways the caller may see, audited,
 * and with odd searches taken as text.
 */
import { randomInt } from 'node:crypto';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@throughcare/persistence';
import { ApiClient, Json } from '../support/api-client';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

/** A valid NHS number no other suite uses (modulus 11 check digit). */
function newNhsNumber(): string {
  for (;;) {
    const digits = Array.from({ length: 9 }, () => randomInt(10));
    const check = 11 - (digits.reduce((sum, d, i) => sum + d * (10 - i), 0) % 11);
    if (check === 10) continue;
    return [...digits, check === 11 ? 0 : check].join('');
  }
}

const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join('');

describe('finding a person', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let leeds: ApiClient;
  let birmingham: ApiClient;
  let leedsProbation: ApiClient;
  let leedsCommissioner: ApiClient;
  // A family name no other suite registers, with an accent.
  const family = `Ŝearch${letters(8)}`;
  const dateOfBirth = `19${50 + randomInt(40)}-0${1 + randomInt(9)}-1${randomInt(10)}`;
  const nhsNumber = newNhsNumber();
  let zoe: Json;
  let other: Json;

  const found = async (client: ApiClient, q: string): Promise<string[]> =>
    (await client.get(`/v1/pathways?${new URLSearchParams({ q, limit: '200' })}`)).items.map((p: Json) => p.id);

  beforeAll(async () => {
    const config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    db = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    const as = async (org: string, role: string) => new ApiClient(api.getHttpServer(), await tokenFor(org, role));
    [leeds, birmingham, leedsProbation, leedsCommissioner] = await Promise.all([
      as('LEI', 'prison-healthcare'),
      as('BMI', 'prison-healthcare'),
      as('PDU-LDS', 'probation'),
      as('LA-LDS', 'commissioner'),
    ]);
    zoe = await leeds.post('/v1/releases', registration({ givenName: 'Zoë', familyName: family, dateOfBirth, nhsNumber }), 201);
    // The same family name at another prison, in another area.
    other = await birmingham.post('/v1/releases', registration({ givenName: 'Zoe', familyName: family, prisonCode: 'BMI', destinationArea: 'E08000025' }), 201);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.destroy();
  });

  it('finds a person by prison number, in any case', async () => {
    expect(await found(leeds, zoe.person.prisonNumber.toLowerCase())).toEqual([zoe.id]);
  });

  it('finds a person by name or part of one, whatever the accents and case', async () => {
    const ascii = family.replace('Ŝ', 'S');
    expect(await found(leeds, `zoe ${ascii.toLowerCase()}`)).toEqual([zoe.id]);
    expect(await found(leeds, `${ascii.slice(2, 9).toUpperCase()}`)).toEqual([zoe.id]);
    expect(await found(leeds, `ZOË ${family}`)).toEqual([zoe.id]);
    expect(await found(leeds, `Sam ${family}`)).toEqual([]);
  });

  it('finds a person by NHS number, spaced or not, and by date of birth as people type it', async () => {
    expect(await found(leeds, nhsNumber)).toEqual([zoe.id]);
    expect(await found(leeds, `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`)).toEqual([zoe.id]);
    const [year, month, day] = dateOfBirth.split('-');
    expect(await found(leeds, `${Number(day)}/${Number(month)}/${year}`)).toContain(zoe.id);
    expect(await found(leeds, dateOfBirth)).toContain(zoe.id);
  });

  it('never finds another organisation’s people, and finds for probation and the commissioner only what they may see', async () => {
    expect(await found(leeds, family)).toEqual([zoe.id]);
    expect(await found(birmingham, family)).toEqual([other.id]);
    expect(await found(birmingham, zoe.person.prisonNumber)).toEqual([]);
    expect(await found(leedsProbation, family)).toEqual([zoe.id]);
    // The commissioner oversees without who: a search by who finds nothing it could not already list, and names no one.
    const commissioner = await leedsCommissioner.get(`/v1/pathways?${new URLSearchParams({ q: family })}`);
    expect(commissioner.items.every((p: Json) => p.person === null)).toBe(true);
  });

  it('takes %, _ and backslashes as text, not wildcards', async () => {
    for (const q of ['%', '_', '%%', `${family.slice(0, 3)}%`, '\\', "'; DROP TABLE pathways; --"]) expect(await found(leeds, q)).toEqual([]);
  });

  it('refuses an empty, blank, over-long or unreadable search with the field’s code', async () => {
    const refused = async (query: string) => (await leeds.get(`/v1/pathways?${query}`, 400)).errors.map((e: Json) => [e.field, e.code]);
    expect(await refused('q=')).toEqual([['q', 'required']]);
    expect(await refused('q=%20%20')).toEqual([['q', 'invalid-format']]);
    expect(await refused(`q=${'a'.repeat(101)}`)).toEqual([['q', 'too-long']]);
    expect((await leeds.get(`/v1/pathways?q=%00abc`, 400)).errors[0].field).toBe('q');
    expect((await leeds.get(`/v1/pathways?q=ab%07c`, 400)).errors[0].field).toBe('q');
    expect((await leeds.get(`/v1/pathways?q=a&q=b`, 400)).errors[0]).toMatchObject({ field: 'q', code: 'wrong-type' });
  });

  it('records each pathway a search found as seen, and a search that found none, never the words searched', async () => {
    await found(leeds, family);
    await found(leeds, `nobody${letters(10)}`);
    const lines: Json[] = await db.query(`SELECT pathway_id, target FROM audit_log WHERE action = 'pathway.list' AND target = 'pathway-search' AND actor_org = 'LEI' ORDER BY id DESC LIMIT 2`);
    expect(lines).toEqual([{ pathway_id: null, target: 'pathway-search' }, { pathway_id: zoe.id, target: 'pathway-search' }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE target ILIKE $1`, [`%${family}%`])).toEqual([{ n: 0 }]);
  });

  it('is served by the trigram index on the folded name', async () => {
    await db.query('ANALYZE pathway_people');
    const plan: Json[] = await db.query(
      `EXPLAIN (FORMAT JSON) SELECT pathway_id FROM pathway_people WHERE throughcare_folded(given_name || ' ' || family_name) LIKE '%' || throughcare_folded($1) || '%'`,
      [family.slice(1, 8)],
    );
    // With few rows PostgreSQL may rightly scan; forbid that to see that the index can serve it.
    await db.query('SET enable_seqscan = off');
    const forced: Json[] = await db.query(
      `EXPLAIN (FORMAT JSON) SELECT pathway_id FROM pathway_people WHERE throughcare_folded(given_name || ' ' || family_name) LIKE '%' || throughcare_folded($1) || '%'`,
      [family.slice(1, 8)],
    );
    await db.query('RESET enable_seqscan');
    expect(plan.length).toBe(1);
    expect(JSON.stringify(forced)).toContain('pathway_people_name_search');
  });
});
