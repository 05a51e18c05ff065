/**
 * Report aggregates run in short read-only transactions tuned for a large read: JIT off
 * (compiling the expressions costs more than it saves on a few hundred thousand rows) and
 * enough work memory to sort and hash in memory rather than on disk.
 */
import { DataSource, QueryRunner } from 'typeorm';

export interface ReportReader {
  query<T>(sql: string, parameters: unknown[]): Promise<T[]>;
  /**
   * A cohort's few thousand pathways have their rows found by index, page hits in a read
   * model that is in memory; priced as disk seeks (the default 4), the whole table is read instead.
   */
  preferIndexLookups(): Promise<void>;
}

/** How long a report waits for a second connection before doing all its work on its first, so reports holding one each never wait on each other. */
const SECOND_CONNECTION_WAIT_MS = 100;

/** Starts a runner's read-only REPEATABLE READ transaction, on `snapshot` when given (another's, exported). */
async function begin(runner: QueryRunner, snapshot?: string): Promise<void> {
  await runner.startTransaction('REPEATABLE READ');
  if (snapshot) await runner.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
  await runner.query(`SET TRANSACTION READ ONLY`);
  await runner.query(`SET LOCAL jit = off`);
  await runner.query(`SET LOCAL work_mem = '64MB'`);
}

function readerOf(runner: QueryRunner): ReportReader {
  return {
    query: async <T>(sql: string, parameters: unknown[]) => (await runner.query(sql, parameters)) as T[],
    preferIndexLookups: async () => void (await runner.query(`SET LOCAL random_page_cost = 1.1`)),
  };
}

/** A second connection from the pool if it can lend one at once; otherwise none, and the one it lends later goes straight back. */
async function promptRunner(dataSource: DataSource): Promise<QueryRunner | undefined> {
  const runner = dataSource.createQueryRunner();
  const connecting = runner.connect().then(() => true);
  const lent = await Promise.race([connecting, new Promise<false>((resolve) => setTimeout(() => resolve(false), SECOND_CONNECTION_WAIT_MS))]);
  if (lent) return runner;
  void connecting.then(
    () => runner.release(),
    () => undefined,
  );
  return undefined;
}

/**
 * Runs `work` with `count` readers of one snapshot: the first connection's REPEATABLE READ
 * transaction exports it and the others import it, so their statements run side by side and
 * still agree, as in one transaction (a row changed meanwhile is seen as it was by all).
 * Read-only, so it never fails to serialise. When the pool cannot lend another connection at
 * once, the readers share the first.
 */
/**
 * Orders map entries by their string keys as PostgreSQL's C collation does (by code unit), so a
 * report's groups come out in the order the database would give them.
 */
export function byKeyCodeUnits<V>([a]: [string, V], [b]: [string, V]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function inSharedSnapshot<T>(dataSource: DataSource, count: number, work: (readers: ReportReader[]) => Promise<T>): Promise<T> {
  const lead = dataSource.createQueryRunner();
  const runners = [lead];
  try {
    await lead.connect();
    await begin(lead);
    let snapshot = '';
    if (count > 1) {
      [{ snapshot }] = (await lead.query(`SELECT pg_export_snapshot() AS snapshot`)) as Array<{ snapshot: string }>;
      // Not a bind parameter in SET TRANSACTION SNAPSHOT: checked to be PostgreSQL's own form.
      if (!/^[0-9A-F]+(-[0-9A-F]+)+$/.test(snapshot)) throw new Error('unexpected snapshot identifier');
    }
    const first = readerOf(lead);
    const others = await Promise.all(
      Array.from({ length: count - 1 }, async () => {
        const runner = await promptRunner(dataSource);
        if (!runner) return first;
        runners.push(runner);
        await begin(runner, snapshot);
        return readerOf(runner);
      }),
    );
    const result = await work([first, ...others]);
    await Promise.all(runners.map((r) => r.commitTransaction()));
    return result;
  } catch (err) {
    await Promise.all(runners.filter((r) => r.isTransactionActive).map((r) => r.rollbackTransaction().catch(() => undefined)));
    throw err;
  } finally {
    await Promise.all(runners.map((r) => r.release()));
  }
}
