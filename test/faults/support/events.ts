/**
 * HMPPS domain events for the fault suite, published to the topology's own goaws as HMPPS
 * publishes them (test/intake/hmpps-events.ts makes the events), and what became of them, read
 * from PostgreSQL as the schema's owner.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import pg from 'pg';
import type { Topology } from './production-like';

/**
 * A publisher that does what HMPPS's does when SNS does not answer: it tries the same Publish
 * again until it is accepted. Each try waits a bounded time; the SDK's own retries are off, so
 * every failed try is counted here.
 */
export class Publisher {
  /** Tries that failed (goaws down or starting). */
  failedTries = 0;
  private readonly sns: SNSClient;

  constructor(private readonly events: Topology['events']) {
    this.sns = new SNSClient({ region: 'eu-west-2', endpoint: events.endpoint, maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  }

  /** Publishes until accepted, for at most `timeoutMs`; answers the time it was accepted. */
  async publish(event: Record<string, unknown>, timeoutMs = 120_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.sns.send(
          new PublishCommand({ TopicArn: this.events.topicArn, Message: JSON.stringify(event), MessageAttributes: { eventType: { DataType: 'String', StringValue: event.eventType as string } } }),
          { abortSignal: AbortSignal.timeout(3_000) },
        );
        return Date.now();
      } catch (err) {
        this.failedTries++;
        if (Date.now() > deadline) throw new Error(`goaws accepted no Publish for ${timeoutMs / 1000} s: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  close(): void {
    this.sns.destroy();
  }
}

/** Per pathway: its inbox rows by outcome, the system's release audit lines, and whether it is released. */
export interface Applied {
  pathwayId: string;
  outcomes: Record<string, number>;
  releaseAudits: number;
  releasedOn: string | null;
}

export async function appliedReleases(topology: Topology, pathwayIds: string[]): Promise<Applied[]> {
  const db = new pg.Client({ connectionString: topology.ownerDatabaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT p.id AS "pathwayId", to_char(p.released_on, 'YYYY-MM-DD') AS "releasedOn",
              coalesce((SELECT jsonb_object_agg(outcome, n) FROM (SELECT outcome, count(*)::int AS n FROM intake_inbox i WHERE i.pathway_id = p.id GROUP BY outcome) o), '{}') AS outcomes,
              (SELECT count(*)::int FROM audit_log a WHERE a.pathway_id = p.id AND a.actor_sub = 'system:hmpps-domain-events' AND a.action = 'pathway.released') AS "releaseAudits"
         FROM pathways p WHERE p.id = ANY ($1) ORDER BY p.id`,
      [pathwayIds],
    );
    return rows as Applied[];
  } finally {
    await db.end();
  }
}

/** Whole once: released, one applied inbox row and nothing still claimed (a duplicate of either kind leaves no row). */
export const appliedOnce = (a: Applied) => a.releasedOn !== null && a.outcomes.applied === 1 && !a.outcomes.claimed;
