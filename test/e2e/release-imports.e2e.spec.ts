/**
 * A prison's list of releases sent at once, end to end on the real Temporal server: every row
 * judged exactly as a single registration, good rows never held back by bad ones, the same
 * list sent again creating nothing twice, and a worker killed mid-import resuming without doubles.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TemporalClientService } from '@throughcare/temporal';
import { ApiClient, eventually, Json } from '../support/api-client';
import { freePort } from '../support/free-port';
import { recordImportHistory } from '../support/histories';
import { spawnWorker } from '../support/worker-process';
import { sweepingAlone, SWEEPING_ALONE_WAIT_MS } from '../support/sweeping-alone';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

/** A registration as a CSV row, under the header below. */
const HEADER = 'prisonNumber,givenName,familyName,dateOfBirth,nhsNumber,prisonCode,releaseDate,releaseDateType,destinationArea,treatment.substances,treatment.onOst,treatment.consentToShare';
const csvRow = (r: Json) =>
  [r.prisonNumber, r.givenName, r.familyName, r.dateOfBirth, r.nhsNumber ?? '', r.prisonCode, r.releaseDate, r.releaseDateType, r.destinationArea, r.treatment.substances.join(';'), r.treatment.onOst, r.treatment.consentToShare]
    .map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v)))
    .join(',');
const csvOf = (rows: Json[]) => [HEADER, ...rows.map(csvRow)].join('\n') + '\n';

describe('release imports', () => {
  let api: INestApplication;
  let apiUrl: string;
  let worker: INestApplicationContext;
  let prison: ApiClient;
  let token: string;
  let config: ReturnType<typeof suiteConfig>;

  beforeAll(async () => {
    config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api, url: apiUrl } = await startApi(config));
    token = await tokenFor('LEI', 'prison-healthcare');
    prison = new ApiClient(api.getHttpServer(), token);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  const send = (body: string | object, type = 'text/csv', key?: string, as = token) => {
    const req = request(api.getHttpServer()).post('/v1/releases/imports').set('Authorization', `Bearer ${as}`).set('Content-Type', type);
    if (key) req.set('Idempotency-Key', key);
    return req.send(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const finished = (id: string) => eventually(`import ${id} done`, async () => {
    const seen = await prison.get(`/v1/releases/imports/${id}`);
    return seen.state === 'done' && seen;
  }, 60_000);

  it('registers the good rows of a CSV list and answers each bad one as a single registration would', async () => {
    const good = [registration(), registration(), registration({ nhsNumber: undefined, treatment: { substances: ['alcohol'], onOst: false, consentToShare: false } })];
    const badNhs = registration({ nhsNumber: '9434765918' });
    const nul = registration({ givenName: 'Sa\u0000m' });
    const elsewhere = registration({ prisonCode: 'BMI', destinationArea: 'E08000025' });
    const alreadyOpen = registration();
    const opened = await prison.post('/v1/releases', alreadyOpen, 201);
    const rows = [good[0], badNhs, good[1], { ...good[0] }, nul, alreadyOpen, elsewhere, good[2]];

    const accepted = await send(csvOf(rows)).expect(202);
    expect(accepted.headers.location).toBe(`/v1/releases/imports/${accepted.body.id}`);
    expect(accepted.body).toMatchObject({ total: 8, counts: { invalid: 3, duplicate: 1 } });

    const done = await finished(accepted.body.id);
    expect(done).toMatchObject({ total: 8, processed: 8, counts: { created: 3, duplicate: 2, invalid: 3, pending: 0 } });
    const result = (n: number) => done.rows.find((r: Json) => r.row === n);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => result(n).result)).toEqual(['created', 'invalid', 'created', 'duplicate', 'invalid', 'duplicate', 'invalid', 'created']);
    expect(result(4).detail).toBe('The same person as row 1');
    expect(result(6).pathwayId).toBe(opened.id);

    // The same field errors as a single registration of that row.
    const single = await request(api.getHttpServer()).post('/v1/releases').set('Authorization', `Bearer ${token}`).send(badNhs).expect(400);
    expect(result(2).errors).toEqual(single.body.errors);
    expect(result(5).errors).toEqual([{ field: 'givenName', code: 'unsafe-text', messages: [expect.any(String)] }]);
    expect(result(7).errors).toEqual([{ field: 'prisonCode', code: 'not-this-prison', prisonCode: 'LEI', messages: ['must be LEI: a prison sends only its own releases'] }]);

    // Each created row is a pathway like any other, its first tasks in the prison's worklist.
    for (const n of [1, 3, 8]) {
      const pathway = await prison.get(`/v1/pathways/${result(n).pathwayId}`);
      expect(pathway.person.prisonNumber).toBe(rows[n - 1].prisonNumber);
      expect(pathway.tasks.length).toBeGreaterThan(0);
    }
    // A list reaches probation in its daily digest, not as a message per row.
    const probation = new ApiClient(api.getHttpServer(), await tokenFor('PDU-LDS', 'probation'));
    const told = (await probation.get(`/v1/notifications?state=all&pathwayId=${result(1).pathwayId}`)).items;
    expect(told).toEqual([expect.objectContaining({ event: 'task.created', urgency: 'digest', body: expect.objectContaining({ taskType: 'probation-acknowledgement' }) })]);
    const trail = await new ApiClient(api.getHttpServer(), await tokenFor('THC-OPS', 'admin')).get(`/v1/pathways/${result(1).pathwayId}/audit`);
    expect(trail).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'pathway.register', actor: expect.objectContaining({ org: 'LEI' }) })]));
    await recordImportHistory(await worker.get(TemporalClientService).client(), 'mixed-list', accepted.body.id);
  });

  it('returns the same import for the same list sent again with the same key, and creates nothing twice', async () => {
    const rows = [registration(), registration()];
    const body = rows.map((r) => ({ ...r }));
    const key = `import-${rows[0].prisonNumber}`;
    const first = (await send(body, 'application/json', key).expect(202)).body;
    const again = (await send(body, 'application/json', key).expect(202)).body;
    expect(again.id).toBe(first.id);
    const done = await finished(first.id);
    expect(done.counts).toEqual({ created: 2, duplicate: 0, invalid: 0, pending: 0 });
    const later = (await send(body, 'application/json', key).expect(202)).body;
    expect(later.id).toBe(first.id);
    expect((await finished(first.id)).rows.map((r: Json) => r.pathwayId)).toEqual(done.rows.map((r: Json) => r.pathwayId));
    // The same list under a new key is a new import: its rows are people with open pathways.
    const other = await finished((await send(body, 'application/json', `${key}-new`).expect(202)).body.id);
    expect(other.counts).toEqual({ created: 0, duplicate: 2, invalid: 0, pending: 0 });
  });

  it('refuses what is not a list it can read, and shows an import only to the prison that sent it', async () => {
    for (const [body, type, status] of [
      [{ rows: [] }, 'application/json', 400],
      [[], 'application/json', 400],
      ['prisonNumber,givenName\n"unclosed,quote\n', 'text/csv', 400],
      [HEADER + '\n', 'text/csv', 400],
      [[1, 2], 'application/json', 202],
      ['<releases/>', 'application/xml', 415],
    ] as Array<[string | object, string, number]>) {
      const res = await send(body, type);
      expect([JSON.stringify(body).slice(0, 40), res.status]).toEqual([JSON.stringify(body).slice(0, 40), status]);
      if (status >= 400) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const tooMany = Array.from({ length: 5001 }, () => ({}));
    expect((await send(tooMany, 'application/json').expect(400)).body.errors).toEqual([{ field: '(body)', messages: ['must hold at most 5,000 registrations, not 5,001'] }]);

    const mine = (await send([registration()], 'application/json').expect(202)).body;
    await request(api.getHttpServer()).get(`/v1/releases/imports/${mine.id}`).set('Authorization', `Bearer ${await tokenFor('BMI', 'prison-healthcare')}`).expect(404);
    await request(api.getHttpServer()).get(`/v1/releases/imports/${mine.id}`).set('Authorization', `Bearer ${await tokenFor('LEI', 'probation')}`).expect(404);
    await send([registration()], 'application/json', undefined, await tokenFor('PDU-LDS', 'probation')).expect(403);
    await new ApiClient(api.getHttpServer(), await tokenFor('THC-OPS', 'admin')).get(`/v1/releases/imports/${mine.id}`);
  });

  it('lists the prison’s past imports newest first, with state, counts, who sent each and when, to that prison and admins alone, audited', async () => {
    const older = (await send(csvOf([registration(), registration({ prisonNumber: 'X1' })])).expect(202)).body;
    const newer = (await send([registration()], 'application/json').expect(202)).body;
    await Promise.all([finished(older.id), finished(newer.id)]);
    // Page by page until both are found (other suites' imports may come between).
    const all: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await prison.get(`/v1/releases/imports?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && !all.some((i) => i.id === older.id));
    const ids = all.map((i) => i.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(all.map((i) => i.createdAt)).toEqual([...all.map((i) => i.createdAt)].sort().reverse());
    expect(all.every((i) => i.prisonCode === 'LEI' && !('rows' in i))).toBe(true);
    expect(all.find((i) => i.id === older.id)).toMatchObject({
      state: 'done',
      total: 2,
      processed: 2,
      counts: { created: 1, duplicate: 0, invalid: 1, pending: 0 },
      sentBy: expect.stringMatching(/\S/),
      createdAt: expect.stringMatching(/Z$/),
      finishedAt: expect.stringMatching(/Z$/),
      location: `/v1/releases/imports/${older.id}`,
    });
    // Another prison's team, and a role that sends no lists, see none of them; an admin sees them.
    const listAs = async (org: string, role: string) => (await request(api.getHttpServer()).get('/v1/releases/imports?limit=200').set('Authorization', `Bearer ${await tokenFor(org, role)}`).expect(200)).body;
    expect((await listAs('BMI', 'prison-healthcare')).items.map((i: Json) => i.id)).not.toContain(newer.id);
    expect((await listAs('LEI', 'probation')).items).toEqual([]);
    expect((await listAs('THC-OPS', 'admin')).items.map((i: Json) => i.id)).toContain(newer.id);
    // Each import shown is an audit line; an edited cursor is refused.
    const db = api.get(DataSource);
    const audited: Json[] = await db.query(`SELECT actor_org FROM audit_log WHERE action = 'release-import.list' AND target = $1`, [`release-import:${newer.id}`]);
    expect(audited.map((a) => a.actor_org)).toEqual(expect.arrayContaining(['LEI', 'THC-OPS']));
    const edited = Buffer.from(JSON.stringify({ at: 'yesterday', id: newer.id })).toString('base64url');
    await request(api.getHttpServer()).get(`/v1/releases/imports?cursor=${edited}`).set('Authorization', `Bearer ${token}`).expect(400);
  });

  it('refuses a CSV list whose header names a column twice, rather than letting the last one win, and creates nothing', async () => {
    const row = registration();
    const twice = `${HEADER},givenName\n${csvRow(row)},Alex\n`;
    const res = await send(twice).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: '(header)', messages: ['names "givenName" twice (columns 2 and 13): name each column once'] }]);
    expect(res.body.detail).toBe('(header): names "givenName" twice (columns 2 and 13): name each column once');
    // Nothing was registered: the person registers once the file is put right.
    await prison.post('/v1/releases', row, 201);

    // A column a list does not have, and a value under a column without a name, are refused with the file too.
    const unknown = await send(`${HEADER},wing\n${csvRow(registration())},B\n`).expect(400);
    expect(unknown.body.errors).toEqual([{ field: '(header)', messages: [expect.stringMatching(/^names a column a list does not have: "wing"\. The columns are prisonNumber, /)] }]);
    const unnamed = await send(`${HEADER},\n${csvRow(registration())},B\n`).expect(400);
    expect(unnamed.body.errors).toEqual([{ field: '(header)', messages: ['has no name for column 13, but line 2 has a value in it: name the column, or leave it empty'] }]);
    // A byte-order mark and a trailing empty column, as spreadsheets save them, are read.
    const saved = await send(`\ufeff${HEADER},\n${csvRow(registration())},\n`).expect(202);
    expect(saved.body).toMatchObject({ total: 1, counts: { invalid: 0 } });
  });

  it('sends a file from the command line, shows its progress, and says which rows were not created', async () => {
    const good = registration();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'import-')), 'releases.csv');
    writeFileSync(file, csvOf([good, registration({ dateOfBirth: '2030-01-01' }), { ...good }]));
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const cli = execFile(process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', 'scripts/import.mts', file, '--org', 'LEI', '--api', apiUrl], { env: { ...process.env, NODE_OPTIONS: '' } }, (_err, stdout, stderr) =>
          resolve({ code: cli.exitCode, out: stdout + stderr }),
        );
      });
    const first = await run();
    expect(first.out).toMatch(/1 created, 1 duplicates, 1 invalid, of 3 rows/);
    expect(first.out).toMatch(/row 2: invalid: dateOfBirth: /);
    expect(first.out).toMatch(/row 3: duplicate: The same person as row 1/);
    expect(first.code).toBe(1);
    // The same file again: the same import (its key is the file's hash), nothing created twice.
    const again = await run();
    expect(again.out).toContain(first.out.match(/\(import [0-9a-f-]+\)/)![0]);
    expect(again.out).toMatch(/1 created, 1 duplicates, 1 invalid, of 3 rows/);
  }, 60_000);

  it('resumes an import whose worker was killed mid-way, registering nobody twice', async () => {
    // A queue of its own, whose workflows and import activities only the spawned worker serves.
    const settings = { IMPORT_BATCH_SIZE: '2', IMPORT_CONCURRENCY: '1', UPDATE_TIMEOUT_SECONDS: '5' };
    const config = suiteConfig(settings);
    const ownApi = await startApi(config);
    let child: ChildProcess | undefined;
    try {
      child = await spawnWorker(config, settings);
      const rows = Array.from({ length: 24 }, () => registration());
      const accepted = await request(ownApi.app.getHttpServer())
        .post('/v1/releases/imports')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'text/csv')
        .set('Idempotency-Key', `killed-${rows[0].prisonNumber}`)
        .send(csvOf(rows))
        .expect(202);
      const { id } = accepted.body as Json;
      await eventually('a few rows registered', async () => (await prison.get(`/v1/releases/imports/${id}`)).counts.created >= 4);
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      const before = (await prison.get(`/v1/releases/imports/${id}`)).counts.created;
      expect(before).toBeLessThan(24);

      child = await spawnWorker(config, settings);
      const done = await finished(id);
      expect(done.counts).toEqual({ created: 24, duplicate: 0, invalid: 0, pending: 0 });
      const db = api.get(DataSource);
      const [{ people, pathways }] = await db.query(
        `SELECT count(DISTINCT pp.prison_number)::int AS people, count(*)::int AS pathways FROM pathway_people pp WHERE pp.prison_number = ANY($1)`,
        [rows.map((r) => r.prisonNumber)],
      );
      expect({ people, pathways }).toEqual({ people: 24, pathways: 24 });
      await recordImportHistory(await worker.get(TemporalClientService).client(), 'resumed-after-a-lost-batch', id);
    } finally {
      child?.kill('SIGKILL');
      await ownApi.app.close();
    }
  }, 120_000);

  it('starts the workflow of a list refused with 503 while Temporal was away, with nobody sending it again', async () => {
    // No other file's short sweep may take this list (and start it on its own queue) meanwhile.
    const releaseSweepLock = await sweepingAlone();
    try {
      await listRefusedThenSwept();
    } finally {
      await releaseSweepLock();
    }
  }, SWEEPING_ALONE_WAIT_MS + 90_000);

  async function listRefusedThenSwept(): Promise<void> {
    const rows = [registration(), registration()];
    const away = await startApi(suiteConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, REGISTRATION_RECOVERY_SECONDS: '3600' }));
    try {
      const refused = await request(away.app.getHttpServer()).post('/v1/releases/imports').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(csvOf(rows));
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    } finally {
      await away.app.close();
    }
    // The list was kept; stalled for the sweep below (3 s); other files' workers sweep once an hour.
    const db = api.get(DataSource);
    const [[kept]] = await db.query(
      `UPDATE release_imports SET created_at = now() - interval '10 seconds'
        WHERE id = (SELECT import_id FROM release_import_rows WHERE registration->>'prisonNumber' = $1)
        RETURNING id, state`,
      [rows[0].prisonNumber],
    );
    expect(kept).toMatchObject({ state: 'processing' });

    // A worker of this suite's queue whose stalled-import sweep runs every 3 s.
    const sweeping = await startWorker(suiteConfig({ TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE, REGISTRATION_RECOVERY_SECONDS: '3' }));
    try {
      const done = await finished(kept.id);
      expect(done.counts).toEqual({ created: 2, duplicate: 0, invalid: 0, pending: 0 });
    } finally {
      await sweeping.close();
    }
  }
});
