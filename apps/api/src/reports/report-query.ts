/**
 * Runs one report aggregate in its own short transaction, tuned for a large read: JIT off
 * (compiling the expressions costs more than it saves on a few hundred thousand rows) and
 * enough work memory to sort and hash in memory rather than on disk. Each aggregate takes its
 * own pooled connection, so a report's queries run side by side.
 */
import { DataSource } from 'typeorm';

export type ReportQuery = <T>(sql: string, parameters: unknown[]) => Promise<T[]>;

export function reportQuery<T>(dataSource: DataSource, sql: string, parameters: unknown[], snapshot?: string): Promise<T[]> {
  const run = async (tx: { query(sql: string, parameters?: unknown[]): Promise<unknown> }) => {
    if (snapshot !== undefined) await tx.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    await tx.query(`SET LOCAL jit = off`);
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    return (await tx.query(sql, parameters)) as T[];
  };
  return snapshot === undefined ? dataSource.transaction(run) : dataSource.transaction('REPEATABLE READ', run);
}

/**
 * Queries that must see the read model at one moment yet run side by side: the first
 * transaction exports its snapshot and each aggregate imports it on its own connection.
 * `first` runs in the exporting transaction; the aggregates `work` starts see the same rows.
 */
export function withReportSnapshot<T>(dataSource: DataSource, work: (first: ReportQuery, aggregate: ReportQuery) => Promise<T>): Promise<T> {
  return dataSource.transaction('REPEATABLE READ', async (tx) => {
    const [{ snapshot }] = (await tx.query(`SELECT pg_export_snapshot() AS snapshot`)) as Array<{ snapshot: string }>;
    if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`Unexpected snapshot id ${snapshot}`);
    const first: ReportQuery = async <R>(sql: string, parameters: unknown[]) => (await tx.query(sql, parameters)) as R[];
    return work(first, (sql, parameters) => reportQuery(dataSource, sql, parameters, snapshot));
  });
}
