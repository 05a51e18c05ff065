import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@throughcare/config';
import { EscalationSweep } from './escalation-sweep';

/** The sweep's loop, switched by ESCALATION_SWEEP; what it stores is tested against PostgreSQL in pathway.activities.spec. */
describe(EscalationSweep.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  /** A database that answers every read with nothing due and nothing planned, and notes each statement. */
  function quietDatabase() {
    const statements: string[] = [];
    let asked: () => void = () => undefined;
    const firstAsked = new Promise<void>((resolve) => (asked = resolve));
    const answer = (sql: string) => {
      statements.push(sql);
      asked();
      return sql.includes('min(due_at)') ? [{ ms: null }] : [];
    };
    // Plain queries, and prepared ones on a connection of the pool.
    const connection = { query: async ({ text }: { text: string }) => ({ rows: answer(text) }) };
    const db = {
      query: async (sql: string) => answer(sql),
      createQueryRunner: () => ({ connect: async () => connection, release: async () => undefined }),
    } as unknown as DataSource;
    return { db, statements, firstAsked };
  }
  const config = (sweep: string) => loadConfig({ ...process.env, DATABASE_URL: 'postgres://u@127.0.0.1/x', TEMPORAL_ADDRESS: '127.0.0.1:7233', ESCALATION_SWEEP: sweep });

  it('sweeps from the start, and stops at shutdown without waiting out its sleep', async () => {
    const { db, statements, firstAsked } = quietDatabase();
    const sweep = new EscalationSweep(db, config('true'));
    sweep.onApplicationBootstrap();
    await firstAsked;
    await sweep.onApplicationShutdown(); // it was asleep for 30 s: shutdown wakes it
    expect(statements.some((sql) => sql.includes('DELETE FROM escalation_plans'))).toBe(true);
  });

  it('runs nothing when switched off', async () => {
    const { db, statements } = quietDatabase();
    const sweep = new EscalationSweep(db, config('false'));
    sweep.onApplicationBootstrap();
    await sweep.onApplicationShutdown();
    expect(statements).toEqual([]);
  });
});
