/**
 * Temporal's remote codec served by the API: an admin (through the Temporal CLI, as an
 * operator chasing a stuck pathway would) reads a history's payloads decrypted; nobody else
 * can, and the Temporal UI's origin may call it from the browser.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { Config } from '@throughcare/config';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import { ApiClient, Json } from '../support/api-client';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

describe('the remote codec', () => {
  let config: Config;
  let api: INestApplication;
  let apiUrl: string;
  let worker: INestApplicationContext;
  let connection: Connection;
  let adminToken: string;
  let pathway: Json;

  beforeAll(async () => {
    config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api, url: apiUrl } = await startApi(config));
    adminToken = await tokenFor('THC-OPS', 'admin');
    pathway = await new ApiClient(api.getHttpServer(), await tokenFor('LEI', 'prison-healthcare')).post('/v1/releases', registration(), 201);
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  });

  afterAll(async () => {
    await connection?.close();
    await api?.close();
    await worker?.close();
  });

  /** The workflow's input as Temporal holds it: encrypted, read without the data converter. */
  async function storedInput(): Promise<Json> {
    const history = await new Client({ connection }).workflow.getHandle(pathwayWorkflowId(pathway.id)).fetchHistory();
    const payload = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    return {
      metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(payload.data!).toString('base64'),
    };
  }

  it('decrypts a history payload for an admin, and for no one else', async () => {
    const encrypted = await storedInput();
    expect(Buffer.from(encrypted.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encrypted.data, 'base64').toString()).not.toContain(pathway.id);

    const decoded = await request(api.getHttpServer()).post('/codec/decode').set('Authorization', `Bearer ${adminToken}`).set('X-Namespace', 'default').send({ payloads: [encrypted] }).expect(200);
    const [plain] = decoded.body.payloads;
    expect(Buffer.from(plain.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(plain.data, 'base64').toString())).toMatchObject({ pathwayId: pathway.id });

    // Encoding and decoding again gives the same payload back.
    const reencoded = (await request(api.getHttpServer()).post('/codec/encode').set('Authorization', `Bearer ${adminToken}`).send({ payloads: [plain] }).expect(200)).body;
    const again = (await request(api.getHttpServer()).post('/codec/decode').set('Authorization', `Bearer ${adminToken}`).send(reencoded).expect(200)).body;
    expect(again.payloads).toEqual([plain]);

    for (const [org, role] of [['LEI', 'prison-healthcare'], ['LA-LDS', 'commissioner']]) {
      const refused = await request(api.getHttpServer()).post('/codec/decode').set('Authorization', `Bearer ${await tokenFor(org, role)}`).send({ payloads: [encrypted] }).expect(403);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    await request(api.getHttpServer()).post('/codec/decode').send({ payloads: [encrypted] }).expect(401);

    // A payload tampered with, or not base64: refused, nothing leaked.
    const tampered = { ...encrypted, data: Buffer.from(Buffer.from(encrypted.data, 'base64').map((b, i) => (i === 20 ? b ^ 1 : b))).toString('base64') };
    const bad = await request(api.getHttpServer()).post('/codec/decode').set('Authorization', `Bearer ${adminToken}`).send({ payloads: [tampered] }).expect(422);
    expect(bad.body).toMatchObject({ type: expect.stringMatching(/payload-undecodable$/) });
    await request(api.getHttpServer()).post('/codec/decode').set('Authorization', `Bearer ${adminToken}`).send({ payloads: [{ metadata: {}, data: 'not base64!' }] }).expect(400);
  });

  it("lets the Temporal UI's origin call it from the browser, and no other origin", async () => {
    const preflight = (origin: string) =>
      request(api.getHttpServer()).options('/codec/decode').set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace');
    const ui = await preflight('http://localhost:8233');
    expect(ui.status).toBe(204);
    expect(ui.headers['access-control-allow-origin']).toBe('http://localhost:8233');
    expect(ui.headers['access-control-allow-headers']).toMatch(/authorization/i);
    const elsewhere = await preflight('https://evil.example');
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('shows an operator the history decrypted through the Temporal CLI', async () => {
    const cli = process.env.TEMPORAL_CLI;
    if (!cli) throw new Error('TEMPORAL_CLI is not set: npm test finds or builds the Temporal CLI and passes it');
    // Not execFileSync: the CLI calls back into this process's API.
    const show = async (...extra: string[]) =>
      (await promisify(execFile)(cli, ['workflow', 'show', '--address', config.TEMPORAL_ADDRESS, '--workflow-id', pathwayWorkflowId(pathway.id), '--output', 'json', ...extra], { timeout: 30_000 })).stdout;
    /** The workflow's input as the CLI shows it: its encoding, and its bytes as text. */
    const input = async (...extra: string[]) => {
      const payload = JSON.parse(await show(...extra)).events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
      return { encoding: Buffer.from(payload.metadata.encoding, 'base64').toString(), text: Buffer.from(payload.data, 'base64').toString('latin1') };
    };
    const sealed = await input();
    expect(sealed.encoding).toBe('binary/encrypted');
    expect(sealed.text).not.toContain('registeredAt');
    const opened = await input('--codec-endpoint', `${apiUrl}/codec`, '--codec-auth', `Bearer ${adminToken}`);
    expect(opened.encoding).toBe('json/plain');
    expect(JSON.parse(opened.text)).toMatchObject({ pathwayId: pathway.id, registeredAt: expect.any(String) });
  });
});
