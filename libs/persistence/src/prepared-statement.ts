/**
 * Statements PostgreSQL parses and plans once per connection, not at every call. The pathway's
 * snapshot write is one statement of some 11,600 characters, with a CTE per table and per
 * message kind: sent unnamed, parsing and planning it took about 3 ms of PostgreSQL's CPU at
 * every write, against 0.4 ms for the whole write once prepared (docs/benchmarks.md).
 *
 * The name is the text's hash, so two texts never share a name on a connection (pg refuses
 * that). PostgreSQL replans a prepared statement by itself when a migration changes what it
 * reads. A pooler in transaction mode must pass prepared statements through (PgBouncer 1.21 or
 * later with max_prepared_statements set); docs/operations.md says so.
 */
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';

export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export function preparedStatement(text: string): PreparedStatement {
  return { name: `tc_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`, text };
}

/**
 * Runs a prepared statement on a connection of the pool (a DataSource) or of a transaction (its
 * EntityManager), answering with its rows. Errors are TypeORM's QueryFailedError, as a query's are.
 */
export async function queryPrepared<Row>(on: DataSource | EntityManager, statement: PreparedStatement, values: unknown[]): Promise<Row[]> {
  const own = 'createQueryRunner' in on ? on.createQueryRunner() : undefined;
  const runner = own ?? (on as EntityManager).queryRunner;
  if (!runner) throw new Error('A prepared statement runs on a DataSource or in a transaction');
  try {
    const client = (await runner.connect()) as PoolClient;
    const result = await client.query<Row & object>({ name: statement.name, text: statement.text, values });
    return result.rows;
  } catch (err) {
    throw new QueryFailedError(statement.text, values, err as Error);
  } finally {
    await own?.release();
  }
}
