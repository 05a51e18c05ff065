/**
 * What the benchmark's database did between two readings, from PostgreSQL's cumulative
 * statistics (no extension needed): transactions and rows read, and per table its sequential
 * scans (with the rows they read) and index scans. A table scanned whole on every message shows
 * as rows read growing with the table.
 */
import type pg from 'pg';

interface TableCounts {
  table: string;
  seq_scan: number;
  seq_tup_read: number;
  idx_scan: number;
  idx_tup_fetch: number;
  n_tup_ins: number;
  n_tup_upd: number;
}

interface DatabaseCounts {
  xact_commit: number;
  tup_returned: number;
  tup_fetched: number;
  tup_inserted: number;
  tup_updated: number;
  blks_hit: number;
}

async function read(db: pg.Client): Promise<{ database: DatabaseCounts; tables: TableCounts[] }> {
  // The statistics this session sees are a snapshot until its transaction ends: read them fresh.
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows: [database] } = await db.query<DatabaseCounts>(
    `SELECT xact_commit::float8 AS xact_commit, tup_returned::float8 AS tup_returned, tup_fetched::float8 AS tup_fetched,
            tup_inserted::float8 AS tup_inserted, tup_updated::float8 AS tup_updated, blks_hit::float8 AS blks_hit
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const { rows: tables } = await db.query<TableCounts>(
    `SELECT relname AS table, seq_scan::float8 AS seq_scan, seq_tup_read::float8 AS seq_tup_read, coalesce(idx_scan, 0)::float8 AS idx_scan,
            coalesce(idx_tup_fetch, 0)::float8 AS idx_tup_fetch, n_tup_ins::float8 AS n_tup_ins, n_tup_upd::float8 AS n_tup_upd
       FROM pg_stat_user_tables`,
  );
  return { database, tables };
}

/** Reads the counts now; `since()` answers the changes as lines for the benchmark's table. */
export async function databaseActivity(db: pg.Client): Promise<{ since(): Promise<Record<string, string>> }> {
  const before = await read(db);
  return {
    async since() {
      const after = await read(db);
      const d = (k: keyof DatabaseCounts) => after.database[k] - before.database[k];
      const changes = after.tables.map((t) => {
        const then = before.tables.find((b) => b.table === t.table);
        const delta = (k: keyof Omit<TableCounts, 'table'>) => t[k] - (then?.[k] ?? 0);
        return { table: t.table, seqScans: delta('seq_scan'), seqRows: delta('seq_tup_read'), idxScans: delta('idx_scan'), idxRows: delta('idx_tup_fetch') };
      });
      const top = (by: (c: (typeof changes)[number]) => number, say: (c: (typeof changes)[number]) => string) =>
        changes.filter((c) => by(c) > 0).sort((a, b) => by(b) - by(a)).slice(0, 6).map(say).join('; ') || 'none';
      return {
        'PostgreSQL, this database: commits, rows returned, rows fetched, inserted, updated, buffer hits': [
          d('xact_commit'), d('tup_returned'), d('tup_fetched'), d('tup_inserted'), d('tup_updated'), d('blks_hit'),
        ].join(', '),
        'PostgreSQL, sequential scans by table (rows read)': top((c) => c.seqRows + c.seqScans, (c) => `${c.table} ${c.seqScans} (${c.seqRows})`),
        'PostgreSQL, index scans by table (rows fetched)': top((c) => c.idxScans, (c) => `${c.table} ${c.idxScans} (${c.idxRows})`),
      };
    },
  };
}
