/**
 * Sends a prison's list of releases and follows it to the end:
 *   npm run -s import -- FILE --org CODE [--api URL]
 * FILE is a CSV file (the registration's field names as its header; see docs/api-guide.md) or a JSON
 * array. The bearer token is $THROUGHCARE_TOKEN, else (development only) one signed with the
 * local development key for CODE's prison healthcare team. The Idempotency-Key is the file's
 * hash, so sending the same file again returns the same import and creates nothing twice.
 * Exit code 0 only when every row was created or was a duplicate.
 */
import { SingleBar } from 'cli-progress';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signDevelopmentToken } from '../libs/auth/src/development-token.ts';

interface ImportView {
  id: string;
  location: string;
  state: string;
  total: number;
  processed: number;
  counts: { created: number; duplicate: number; invalid: number; pending: number };
  rows?: Array<{ row: number; result: string; detail: string | null; errors: Array<{ field: string; messages: string[] }> | null }>;
}

const POLL_MS = 500;
const REQUEST_TIMEOUT_MS = 30_000;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { org: { type: 'string' }, api: { type: 'string' } } });
const file = positionals[0];
if (!file || !values.org) {
  console.error('usage: npm run -s import -- FILE --org CODE [--api URL]');
  process.exit(2);
}
const api = (values.api ?? process.env.THROUGHCARE_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
const body = readFileSync(file);
const type = body.subarray(0, 64).toString('utf8').trimStart().startsWith('[') ? 'application/json' : 'text/csv';
const token = process.env.THROUGHCARE_TOKEN ?? (await signDevelopmentToken({ org: values.org, roles: ['prison-healthcare'], sub: `import-cli-${values.org}`, name: 'Import (command line)', ttl: '1h' }));

async function call(path: string, init: RequestInit = {}): Promise<ImportView> {
  const res = await fetch(`${api}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const answer = (await res.json().catch(() => ({}))) as ImportView & { title?: string; detail?: string };
  if (!res.ok) throw new Error(`${res.status} ${answer.title ?? res.statusText}${answer.detail ? `: ${answer.detail}` : ''}`);
  return answer;
}

try {
  const accepted = await call('/v1/releases/imports', {
    method: 'POST',
    headers: { 'Content-Type': type, 'Idempotency-Key': `file-${createHash('sha256').update(body).digest('base64url').slice(0, 43)}` },
    body,
  });
  const bar = new SingleBar({ format: 'Registering [{bar}] {value}/{total} rows | {created} created, {duplicate} duplicates, {invalid} invalid', hideCursor: true });
  bar.start(accepted.total, accepted.processed, accepted.counts);
  let seen = accepted;
  while (seen.state !== 'done') {
    await new Promise((r) => setTimeout(r, POLL_MS));
    seen = await call(accepted.location);
    bar.update(seen.processed, seen.counts);
  }
  bar.stop();
  const { created, duplicate, invalid } = seen.counts;
  console.log(`\n${created} created, ${duplicate} duplicates, ${invalid} invalid, of ${seen.total} rows (import ${seen.id})`);
  for (const row of seen.rows ?? []) {
    if (row.result === 'created') continue;
    const errors = row.errors?.map((e) => `${e.field}: ${e.messages.join('; ')}`).join('. ');
    console.log(`  row ${row.row}: ${row.result}${errors ? `: ${errors}` : row.detail ? `: ${row.detail}` : ''}`);
  }
  process.exit(invalid === 0 ? 0 : 1);
} catch (err) {
  console.error(`import failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
