/**
 * Prepared statements against the real PostgreSQL that `npm test` prepared: parsed once per
 * connection, run in the transaction they are given, failing as TypeORM's queries fail.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@throughcare/config';
import { DataSource, QueryFailedError } from 'typeorm';
import { dataSourceOptions } from './data-source.options';
import { preparedStatement, queryPrepared } from './prepared-statement';

describe(queryPrepared.name, () => {
  let db: DataSource;

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(loadConfig().DATABASE_URL, { poolSize: 1 })).initialize();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('parses a statement once on a connection and runs it again by name, answering with its rows', async () => {
    const marker = randomUUID(); // a text no other test prepares
    const statement = preparedStatement(`SELECT $1::int + 1 AS next, '${marker}' AS marker`);
    expect(await queryPrepared(db, statement, [1])).toEqual([{ next: 2, marker }]);
    expect(await queryPrepared(db, statement, [41])).toEqual([{ next: 42, marker }]);
    // One connection in the pool: it holds the statement once, under its name.
    const held: Array<{ name: string }> = await db.query(`SELECT name FROM pg_prepared_statements WHERE statement LIKE $1`, [`%${marker}%`]);
    expect(held).toEqual([{ name: statement.name }]);
    expect(preparedStatement(statement.text).name).toBe(statement.name);
    expect(preparedStatement(`${statement.text} `).name).not.toBe(statement.name);
  });

  it('runs in the transaction it is given', async () => {
    const statement = preparedStatement(`SELECT pg_current_xact_id()::text AS xact`);
    await db.transaction(async (tx) => {
      const [{ xact }] = await queryPrepared<{ xact: string }>(tx, statement, []);
      const [{ xact: same }] = await tx.query(`SELECT pg_current_xact_id()::text AS xact`);
      expect(xact).toBe(same);
    });
  });

  it('fails as a query fails: a QueryFailedError with PostgreSQL’s SQLSTATE, and the connection goes back to the pool', async () => {
    const failing = queryPrepared(db, preparedStatement(`SELECT 1 / $1::int AS quotient`), [0]);
    await expect(failing).rejects.toBeInstanceOf(QueryFailedError);
    expect(((await failing.catch((err: unknown) => err)) as QueryFailedError<Error & { code: string }>).driverError.code).toBe('22012');
    expect(await queryPrepared(db, preparedStatement(`SELECT 1 AS one`), [])).toEqual([{ one: 1 }]);
  });
});
