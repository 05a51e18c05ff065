/** One data-source options object, shared by the API, the worker, migrations and tests. */
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * Every connection runs without PostgreSQL's JIT compilation (on by default since PostgreSQL 12).
 * JIT compiles a statement whose *estimated* cost passes jit_above_cost, and the pathway snapshot
 * write's estimate always does (the planner assumes 100 rows from each jsonb_to_recordset and
 * jsonb_array_elements it reads): about 100 ms of CPU compiling, on every write, for under a
 * millisecond of work. It was most of the CPU an escalation cost (docs/benchmarks.md, "Escalation
 * to webhook"). The application's statements are short, which compiling never pays back.
 * Sent at connection start: a pooler in front (PgBouncer) must pass `options` on; where it cannot,
 * set it on the role instead (`ALTER ROLE throughcare_app SET jit = off`).
 */
export const POSTGRES_SESSION_OPTIONS = '-c jit=off';

export function dataSourceOptions(url: string, overrides: Partial<{ poolSize: number; applicationName: string }> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Not 'error' or 'query': TypeORM would log query parameters, which carry personal data.
    logging: ['migration'],
    poolSize: overrides.poolSize ?? 10,
    applicationName: overrides.applicationName ?? 'throughcare',
    extra: { options: POSTGRES_SESSION_OPTIONS },
  };
}
