/**
 * Refreshes the shipped bank-holiday list from the official GOV.UK feed, when the network
 * allows. Never needed at start: the list is shipped, and years beyond it are computed.
 *   npm run holidays:refresh   (then review and commit the changed JSON)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromGovUkFeed, GOV_UK_BANK_HOLIDAYS_URL } from '../libs/domain/src/calendar/gov-uk-feed.ts';
import type { GovUkFeed } from '../libs/domain/src/calendar/gov-uk-feed.ts';

const target = path.resolve(import.meta.dirname, '../libs/domain/src/calendar/england-and-wales-bank-holidays.json');
const response = await fetch(GOV_UK_BANK_HOLIDAYS_URL, { signal: AbortSignal.timeout(15_000) });
if (!response.ok) throw new Error(`GOV.UK answered ${response.status}`);
const shipped = fromGovUkFeed((await response.json()) as GovUkFeed, new Date().toISOString().slice(0, 10));
writeFileSync(target, `${JSON.stringify(shipped, null, 2)}\n`);
console.log(`${shipped.events.length} England and Wales bank holidays written to ${path.relative(process.cwd(), target)}`);
