/**
 * The logs of the API and the worker, as the built processes write them: a request's
 * correlation id follows it into the workflow's activity, and no credential, personal detail
 * or query string appears anywhere.
 */
import { ChildProcess } from 'node:child_process';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@throughcare/persistence';
import { eventually } from '../support/api-client';
import { spawnApi } from '../support/api-process';
import { registration, suiteConfig, tokenFor } from '../support/system';
import { kill, spawnWorker, workerOutput } from '../support/worker-process';

describe('the logs', () => {
  let api: Awaited<ReturnType<typeof spawnApi>> | undefined;
  let worker: ChildProcess | undefined;

  afterAll(async () => {
    api?.child.kill('SIGTERM');
    if (worker) await kill(worker);
  });

  it('carry the correlation id from the request to the activity, and nothing personal', async () => {
    const config = suiteConfig();
    worker = await spawnWorker(config);
    api = await spawnApi(config, 'info');
    const token = await tokenFor('LEI', 'prison-healthcare');
    const person = registration({ givenName: 'Zebedee', familyName: 'Quillfeather', dateOfBirth: '1979-02-03' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-correlation-id': 'corr-logs-1' };
    const res = await fetch(`${api.url}/v1/releases`, { method: 'POST', headers, body: JSON.stringify(person) });
    expect(res.status).toBe(201);
    const pathway = (await res.json()) as { id: string };
    await fetch(`${api.url}/v1/pathways/${pathway.id}?search=Quillfeather`, { headers });
    // The person's mobile number, recorded, shown and refused in another spelling, is never logged.
    for (const [mobileNumber, status] of [['07700 154321', 200], ['+44 7700 154321 ext 2', 400]] as const) {
      const put = await fetch(`${api.url}/v1/pathways/${pathway.id}/contact`, { method: 'PUT', headers, body: JSON.stringify({ mobileNumber, consentToText: true }) });
      expect(put.status).toBe(status);
    }
    expect(((await (await fetch(`${api.url}/v1/pathways/${pathway.id}`, { headers })).json()) as { contact: { mobileNumberInWords: string } }).contact.mobileNumberInWords).toBe('07700 154321');
    // A failed request is logged too, with its id and without its body.
    const refused = await fetch(`${api.url}/v1/releases`, { method: 'POST', headers, body: JSON.stringify({ ...person, nhsNumber: '9434765918' }) });
    expect(refused.status).toBe(400);

    // A write PostgreSQL refuses for good is logged by ids and SQLSTATE, never with the
    // statement's parameters (here a reason written about the person).
    const owner = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    try {
      await owner.query(`CREATE OR REPLACE FUNCTION refuse_logs_e2e() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the logs test' USING ERRCODE = '22023'; END $$`);
      await owner.query(`CREATE TRIGGER refuse_logs_e2e BEFORE UPDATE ON tasks FOR EACH ROW WHEN (OLD.pathway_id = '${pathway.id}') EXECUTE FUNCTION refuse_logs_e2e()`);
      const cancelled = await fetch(`${api.url}/v1/pathways/${pathway.id}/cancel`, { method: 'POST', headers, body: JSON.stringify({ reason: 'Quillfeather moved abroad' }) });
      expect(cancelled.status).toBe(200);
      await eventually('the fault’s log line', async () => workerOutput(worker!).includes('read model fault'));
    } finally {
      await owner.query(`DROP TRIGGER IF EXISTS refuse_logs_e2e ON tasks; DROP FUNCTION IF EXISTS refuse_logs_e2e()`);
      // Leave no unresolved fault behind for suites running alongside that read /health.
      await owner.query(`UPDATE pathway_faults SET resolved_at = now() WHERE pathway_id = $1 AND resolved_at IS NULL`, [pathway.id]);
      await owner.destroy();
    }

    const activityLine = await eventually('the activity’s log line', async () =>
      workerOutput(worker!)
        .split('\n')
        .find((line) => line.includes('read model written') && line.includes('corr-logs-1')),
    );
    expect(activityLine).toContain(pathway.id);
    // One line per request, the refused one included, each with the request's correlation id.
    const requestLines = () => api!.output().split('\n').filter((line) => line.includes('request completed') && line.includes('"id":"corr-logs-1"'));
    await eventually('every request logged', async () => requestLines().length >= 6);
    expect(requestLines().some((line) => line.includes('"statusCode":400'))).toBe(true);

    const everything = `${api.output()}\n${workerOutput(worker)}`;
    for (const secret of [token, 'Zebedee', 'Quillfeather', 'moved abroad', person.prisonNumber as string, person.nhsNumber as string, '9434765918', '1979-02-03', 'search=', '154321', '154 321']) {
      expect({ secret, logged: everything.includes(secret) }).toEqual({ secret, logged: false });
    }
  }, 60_000);
});
