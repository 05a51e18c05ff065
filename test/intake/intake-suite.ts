/**
 * One HMPPS events suite's system: its own queue subscribed to the run's goaws topic, a real
 * worker consuming it, the API, a prison healthcare token for Leeds and the database. The probes
 * wait on the consumer's counters and the inbox, never on time.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { eventually, Json } from '../support/api-client';
import { londonToday } from '../support/dates';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';
import { EventsQueue, metric, subscribedQueue } from './hmpps-events';

const HANDLED = 'throughcare_intake_messages_total';

export interface IntakeSuite {
  queue: EventsQueue;
  config: Config;
  http: ReturnType<typeof request>;
  /** A Leeds prison healthcare token. */
  prison: string;
  db: DataSource;
  /** The settings that make a worker consume this suite's queue. */
  eventsSettings: () => Record<string, string>;
  register: (overrides?: Record<string, unknown>) => Promise<{ id: string; prisonNumber: string }>;
  /** A pathway whose day of release is today (a confirmed date is never moved). */
  releasingToday: () => Promise<{ id: string; prisonNumber: string }>;
  pathway: (id: string) => Promise<Json>;
  /** The pathway's timeline entries of one type. */
  timeline: (id: string, type: string) => Promise<Json[]>;
  /**
   * The pathway's inbox row once finished, when `outcome` given with that outcome. (goaws answers
   * Publish with an id of its own, not the envelope's MessageId, so rows are found by pathway.)
   */
  settled: (pathwayId: string, outcome?: string) => Promise<Record<string, unknown>>;
  /** Sends, then waits until the consumer has finished that many more messages. */
  handledAfter: (send: () => Promise<unknown>, count: number) => Promise<void>;
  close: () => Promise<void>;
}

export async function startIntakeSuite(settings: Record<string, string> = {}): Promise<IntakeSuite> {
  const queue = await subscribedQueue();
  const eventsSettings = () => ({ HMPPS_EVENTS_QUEUE_URL: queue.queueUrl, HMPPS_EVENTS_DLQ_URL: queue.dlqUrl, HMPPS_EVENTS_WAIT_SECONDS: '1' });
  const config = suiteConfig({ ...eventsSettings(), ...settings });
  const worker: INestApplicationContext = await startWorker(config);
  const { app: api }: { app: INestApplication } = await startApi(config);
  const http = request(api.getHttpServer());
  const prison = await tokenFor('LEI', 'prison-healthcare');
  const db = new DataSource({ type: 'postgres', url: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL });
  await db.initialize();

  const register = async (overrides: Record<string, unknown> = {}) => {
    const body = registration(overrides);
    const res = await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(body).expect(201);
    return { id: res.body.id as string, prisonNumber: body.prisonNumber as string };
  };
  const pathway = async (id: string) => (await http.get(`/v1/pathways/${id}`).set('Authorization', `Bearer ${prison}`).expect(200)).body as Json;
  return {
    queue,
    config,
    http,
    prison,
    db,
    eventsSettings,
    register,
    releasingToday: () => register({ releaseDate: londonToday(), releaseDateType: 'CONFIRMED' }),
    pathway,
    timeline: async (id, type) => (await pathway(id)).timeline.filter((e: Json) => e.type === type),
    settled: (pathwayId, outcome) =>
      eventually(`an inbox row for ${pathwayId}`, async () => {
        const rows: Array<Record<string, unknown>> = await db.query(`SELECT * FROM intake_inbox WHERE pathway_id = $1 AND outcome <> 'claimed' ORDER BY received_at`, [pathwayId]);
        return rows.find((r) => !outcome || r.outcome === outcome);
      }),
    handledAfter: async (send, count) => {
      const before = await metric(HANDLED);
      await send();
      await eventually(`${count} messages handled`, async () => (await metric(HANDLED)) >= before + count);
    },
    close: async () => {
      await api.close();
      await worker.close();
      await db.destroy();
    },
  };
}
