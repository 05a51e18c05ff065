/**
 * A prison's pathway list is read in two branches, merged (visibleBranchesSql in libs/access,
 * docs/design.md §5): the pathways it holds, and those it registered and no longer holds. A
 * transferred person is in both prisons' lists exactly once, whatever the sort, the filter or
 * the page size (the cursor carried across the branches), and no list shows another prison's.
 */
import { ApiClient, eventually, Json } from '../support/api-client';
import { startSuite, Suite } from '../support/suite';
import { registration, suiteConfig } from '../support/system';

/** A London date 400 to 1,000 days ahead that no other pathway of this run shares, so a one-day window finds this suite's pathways alone. */
const DAY = new Date(Date.now() + (400 + Math.floor(Math.random() * 600)) * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
const SORTS = ['release', '-release', 'due'];

describe("a prison's pathway list, read in branches", () => {
  let suite: Suite;
  let leeds: ApiClient;
  let birmingham: ApiClient;
  /** Registered by Leeds and kept; registered by Leeds and transferred to Birmingham; registered by Birmingham. */
  let kept: string, transferred: string, theirs: string;

  beforeAll(async () => {
    suite = await startSuite(suiteConfig());
    [leeds, birmingham] = await Promise.all([suite.as('LEI', 'prison-healthcare'), suite.as('BMI', 'prison-healthcare')]);
    const on = { releaseDate: DAY, releaseDateType: 'CONFIRMED' };
    kept = (await leeds.post('/v1/releases', registration(on), 201)).id;
    transferred = (await leeds.post('/v1/releases', registration(on), 201)).id;
    theirs = (await birmingham.post('/v1/releases', registration({ ...on, prisonCode: 'BMI' }), 201)).id;
    await leeds.post(`/v1/pathways/${transferred}/transfer`, { prisonCode: 'BMI' });
    await eventually('the transfer in the read model', async () => (await leeds.get(`/v1/pathways/${transferred}`)).prisonCode === 'BMI');
    await eventually('all three active', async () => (await Promise.all([leeds.get(`/v1/pathways/${kept}`), birmingham.get(`/v1/pathways/${theirs}`)])).every((p) => p.status === 'active'));
  });

  afterAll(() => suite?.close());

  /** Every pathway of the list, page after page by its cursors. */
  async function all(as: ApiClient, query: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await as.get(`/v1/pathways?releaseFrom=${DAY}&releaseTo=${DAY}&limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.items.map((item: Json) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  const cases = SORTS.flatMap((sort) => [1, 2, 50].map((limit) => [sort, limit] as const));

  it.each(cases)('shows the transferred person once to each prison, and neither the other’s own (sort=%s, limit=%d)', async (sort, limit) => {
    const [atLeeds, atBirmingham] = await Promise.all([all(leeds, `&sort=${sort}`, limit), all(birmingham, `&sort=${sort}`, limit)]);
    expect(atLeeds.sort()).toEqual([kept, transferred].sort());
    expect(atBirmingham.sort()).toEqual([transferred, theirs].sort());
  });

  it.each(SORTS)('filters each branch alike (sort=%s)', async (sort) => {
    // The prison holding the person: Birmingham, for the one Leeds registered and transferred.
    expect(await all(leeds, `&sort=${sort}&prison=BMI`, 1)).toEqual([transferred]);
    expect(await all(leeds, `&sort=${sort}&prison=LEI`, 1)).toEqual([kept]);
    expect(await all(birmingham, `&sort=${sort}&prison=LEI`, 1)).toEqual([]);
    expect((await all(leeds, `&sort=${sort}&status=active`, 1)).sort()).toEqual([kept, transferred].sort());
    expect(await all(leeds, `&sort=${sort}&status=closed`, 1)).toEqual([]);
  });
});
