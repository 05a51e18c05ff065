/**
 * The logs of the API and the worker, as the built processes write them: a request's
 * correlation id follows it into the workflow's activity, and no credential, personal detail
 * or query string appears anywhere.
 */
import { ChildProcess } from 'node:child_process';
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
    // A failed request is logged too, with its id and without its body.
    const refused = await fetch(`${api.url}/v1/releases`, { method: 'POST', headers, body: JSON.stringify({ ...person, nhsNumber: '9434765918' }) });
    expect(refused.status).toBe(400);

    const activityLine = await eventually('the activity’s log line', async () =>
      workerOutput(worker!)
        .split('\n')
        .find((line) => line.includes('read model written') && line.includes('corr-logs-1')),
    );
    expect(activityLine).toContain(pathway.id);
    // One line per request, the refused one included, each with the request's correlation id.
    const requestLines = () => api!.output().split('\n').filter((line) => line.includes('request completed') && line.includes('"id":"corr-logs-1"'));
    await eventually('every request logged', async () => requestLines().length >= 3);
    expect(requestLines().some((line) => line.includes('"statusCode":400'))).toBe(true);

    const everything = `${api.output()}\n${workerOutput(worker)}`;
    for (const secret of [token, 'Zebedee', 'Quillfeather', person.prisonNumber as string, person.nhsNumber as string, '9434765918', '1979-02-03', 'search=']) {
      expect({ secret, logged: everything.includes(secret) }).toEqual({ secret, logged: false });
    }
  }, 60_000);
});
