/**
 * The hazard log ties each control to the test that proves it. A control whose test was
 * renamed or removed is no longer proven: this fails until the log or the test is put right.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const LOG = readFileSync(path.join(ROOT, 'docs/safety/hazard-log.md'), 'utf8');
/** `file` — "test name", as each control names its test. */
const REFERENCE = /`([\w./-]+\.spec\.ts)` — "([^"]+)"/g;
const references = [...LOG.matchAll(REFERENCE)].map(([, file, name]) => ({ file, name }));

describe('the hazard log', () => {
  it('names a test for the controls of every hazard', () => {
    const hazards = LOG.split(/^## H\d+\./m).slice(1);
    expect(hazards.length).toBeGreaterThanOrEqual(10);
    for (const hazard of hazards) expect(hazard.match(REFERENCE)?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(references.map((r) => [`${r.file} — ${r.name}`, r] as const))('still has the test %s', (_, { file, name }) => {
    const where = path.join(ROOT, file);
    expect(existsSync(where)).toBe(true);
    // The name as written in an it(…) or it.each(…)(…) call, in any of the three quotes.
    const source = readFileSync(where, 'utf8');
    expect(["'", '"', '`'].some((q) => source.includes(`(${q}${name}${q}`))).toBe(true);
  });
});
