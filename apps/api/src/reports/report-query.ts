/**
 * Runs one report aggregate in its own short transaction, tuned for a large read: JIT off
 * (compiling the expressions costs more than it saves on a few hundred thousand rows) and
 * enough work memory to sort and hash in memory rather than on disk. Each aggregate takes its
 * own pooled connection, so a report's queries run side by side.
 */
import { DataSource } from 'typeorm';

export function reportQuery<T>(dataSource: DataSource, sql: string, parameters: unknown[], options: { lookupsByIndex?: boolean } = {}): Promise<T[]> {
  return dataSource.transaction(async (tx) => {
    await tx.query(`SET LOCAL jit = off`);
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    // A cohort's few thousand pathways have their rows found by index, page hits in a read
    // model that is in memory; priced as disk seeks (the default 4), the whole table is read instead.
    if (options.lookupsByIndex) await tx.query(`SET LOCAL random_page_cost = 1.1`);
    return (await tx.query(sql, parameters)) as T[];
  });
}
