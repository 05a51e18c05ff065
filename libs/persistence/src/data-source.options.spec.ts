/**
 * The options every process connects with, against the real PostgreSQL that `npm test` prepared.
 */
import { loadConfig } from '@throughcare/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';

describe(dataSourceOptions.name, () => {
  let db: DataSource;

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(loadConfig().DATABASE_URL, { poolSize: 1 })).initialize();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('never JIT-compiles a short statement whose estimated cost is high (the snapshot write paid ~100 ms of CPU for it on every call)', async () => {
    // Four empty jsonb_to_recordset: estimated at 100 rows each, 10^8 together, so a cost well
    // past jit_above_cost (100,000 by default); no row at all to read.
    const [{ 'QUERY PLAN': [plan] }]: Array<{ 'QUERY PLAN': Array<{ Plan: { 'Total Cost': number }; JIT?: unknown }> }> = await db.query(
      `EXPLAIN (ANALYZE, FORMAT JSON)
       SELECT count(*) FROM jsonb_to_recordset('[]') AS a(x int)
         CROSS JOIN jsonb_to_recordset('[]') AS b(x int) CROSS JOIN jsonb_to_recordset('[]') AS c(x int)
         CROSS JOIN jsonb_to_recordset('[]') AS d(x int)`,
    );
    const [{ jit_above_cost }]: Array<{ jit_above_cost: string }> = await db.query('SHOW jit_above_cost');
    expect(plan.Plan['Total Cost']).toBeGreaterThan(Number(jit_above_cost));
    expect(plan.JIT).toBeUndefined();
    // The setting itself, so that this fails without it even on a server built without LLVM (no JIT at all).
    expect(await db.query('SHOW jit')).toEqual([{ jit: 'off' }]);
  });
});
