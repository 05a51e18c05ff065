/** What the release benchmarks share: people to register, a bounded pool, and the worklist check. */
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Runs `work(i)` for i in [0, count) with at most `limit` in flight; returns the seconds taken. */
export async function timed(count: number, limit: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Peak resident memory of a process (Linux), in MiB. */
export function peakRssMiB(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** A person per index: prison numbers unique in the run, release dates spread over a month, 12+ weeks ahead. */
export function registration(i: number, prisonCode: 'LEI' | 'BMI', series = 'B') {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const prisonNumber = `${series}${String(i % 10_000).padStart(4, '0')}${letters[Math.floor(i / 10_000) % 26]}${letters[i % 26]}`;
  const release = new Date(Date.now() + (13 * 7 + (i % 28)) * 86_400_000).toISOString().slice(0, 10);
  return {
    prisonNumber,
    givenName: 'Bench',
    familyName: `Person ${i}`,
    dateOfBirth: '1980-01-01',
    prisonCode,
    releaseDate: release,
    releaseDateType: 'CRD',
    destinationArea: prisonCode === 'LEI' ? 'E08000035' : 'E08000025',
    treatment: { substances: ['opiates'], onOst: i % 2 === 0, consentToShare: true },
  };
}

/** Pathways whose first tasks are in the prison's and probation's worklists (the read model). */
export async function pathwaysInWorklists(databaseUrl: string, importId?: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>(`
      select count(*) as n from pathways p
      where p.status = 'active' and ($1::uuid is null or p.import_id = $1)
        and exists (select 1 from tasks t where t.pathway_id = p.id and t.type = 'referral'
                    and t.owner_code = p.prison_code and t.state = 'open')
        and exists (select 1 from tasks t where t.pathway_id = p.id and t.type = 'probation-acknowledgement'
                    and t.owner_code = p.probation_code and t.state = 'open')`, [importId ?? null]);
    return Number(rows[0].n);
  } finally {
    await db.end();
  }
}

