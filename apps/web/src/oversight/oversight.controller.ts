/**
 * Oversight (commissioners): the escalations on their areas' pathways, highest level first,
 * and the pathways that ended with the person not engaged (the API's outcome filter). Each
 * list is paged by its own API cursor, and a page link keeps the other list's place. The API
 * chooses which pathways a commissioner sees and withholds who; this page only groups them.
 */
import { Controller, Get, Query, Render, UseGuards } from '@nestjs/common';
import { ESCALATION_LEVELS } from '@throughcare/domain';
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';

const STATES = ['open', 'past', 'all'] as const;
const STATE_WORDS = { open: 'On open tasks', past: 'Past', all: 'All' };
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
/** Pathways that ended not engaged, per page. */
export const NOT_ENGAGED_PAGE = 25;

@Controller('oversight')
@UseGuards(SignedInGuard)
export class OversightController {
  constructor(private readonly api: ApiClient) {}

  @Get()
  @Render('pages/oversight/oversight')
  async oversight(@CurrentPerson() person: SignedIn, @Query('state') state?: string, @Query('cursor') rawCursor?: string, @Query('notEngagedCursor') rawNotEngagedCursor?: string) {
    if (person.role !== 'commissioner') throw new ApiPageError(404);
    const chosenState = STATES.find((s) => s === state) ?? 'open';
    const cursor = rawCursor && CURSOR.test(rawCursor) ? rawCursor : undefined;
    const notEngagedCursor = rawNotEngagedCursor && CURSOR.test(rawNotEngagedCursor) ? rawNotEngagedCursor : undefined;
    const query = new URLSearchParams({ state: chosenState, limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const notEngagedQuery = new URLSearchParams({ outcome: 'not-engaged', limit: String(NOT_ENGAGED_PAGE) });
    if (notEngagedCursor) notEngagedQuery.set('cursor', notEngagedCursor);
    const [escalations, notEngaged] = await Promise.all([this.api.get(person.token, `/v1/escalations?${query}`), this.api.get(person.token, `/v1/pathways?${notEngagedQuery}`)]);
    /** This page with the given cursors; `#anchor` returns to the list paged. */
    const href = (cursors: { cursor?: string; notEngagedCursor?: string }, anchor: string) => {
      const params = new URLSearchParams({ state: chosenState });
      for (const [name, value] of Object.entries(cursors)) if (value) params.set(name, value);
      return `/oversight?${params}#${anchor}`;
    };
    const items = escalations.items;
    // Highest level first; the API's order (when raised) within a level.
    const levels = [...ESCALATION_LEVELS]
      .reverse()
      .map((level) => ({ level, escalations: items.filter((e) => e.level === level) }))
      .filter((group) => group.escalations.length > 0);
    return {
      state: chosenState,
      states: STATES.map((value) => ({ value, text: STATE_WORDS[value] })),
      levels,
      nextHref: escalations.nextCursor ? href({ cursor: String(escalations.nextCursor), notEngagedCursor }, 'escalations') : undefined,
      firstHref: cursor ? href({ notEngagedCursor }, 'escalations') : undefined,
      notEngaged: notEngaged.items,
      notEngagedNextHref: notEngaged.nextCursor ? href({ cursor, notEngagedCursor: String(notEngaged.nextCursor) }, 'ended-not-engaged') : undefined,
      notEngagedFirstHref: notEngagedCursor ? href({ cursor }, 'ended-not-engaged') : undefined,
      notEngagedPaged: Boolean(notEngagedCursor),
    };
  }
}
