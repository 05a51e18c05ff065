/**
 * Oversight (commissioners): the escalations on their areas' pathways, highest level first,
 * and the pathways that ended with the person not engaged. The API chooses which pathways a
 * commissioner sees and withholds who; this page only groups and filters what it answers.
 */
import { Controller, Get, Query, Render, UseGuards } from '@nestjs/common';
import { ESCALATION_LEVELS } from '@throughcare/domain';
import { ApiClient, ApiPageError, Json } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';

const STATES = ['open', 'past', 'all'] as const;
const STATE_WORDS = { open: 'On open tasks', past: 'Past', all: 'All' };
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

@Controller('oversight')
@UseGuards(SignedInGuard)
export class OversightController {
  constructor(private readonly api: ApiClient) {}

  @Get()
  @Render('pages/oversight/oversight')
  async oversight(@CurrentPerson() person: SignedIn, @Query('state') state?: string, @Query('cursor') cursor?: string) {
    if (person.role !== 'commissioner') throw new ApiPageError(404);
    const chosenState = STATES.find((s) => s === state) ?? 'open';
    const query = new URLSearchParams({ state: chosenState, limit: '100' });
    if (cursor && CURSOR.test(cursor)) query.set('cursor', cursor);
    const [escalations, closed] = await Promise.all([this.api.get(person.token, `/v1/escalations?${query}`), this.api.get(person.token, '/v1/pathways?status=closed&limit=100')]);
    const items = escalations.items as Json[];
    // Highest level first; the API's order (when raised) within a level.
    const levels = [...ESCALATION_LEVELS]
      .reverse()
      .map((level) => ({ level, escalations: items.filter((e) => e.level === level) }))
      .filter((group) => group.escalations.length > 0);
    return {
      state: chosenState,
      states: STATES.map((value) => ({ value, text: STATE_WORDS[value] })),
      levels,
      nextHref: escalations.nextCursor ? `/oversight?${new URLSearchParams({ state: chosenState, cursor: String(escalations.nextCursor) })}` : undefined,
      firstHref: cursor ? `/oversight?${new URLSearchParams({ state: chosenState })}` : undefined,
      // The API has no outcome filter; the most recent closed pathways are filtered here.
      notEngaged: (closed.items as Json[]).filter((p) => p.outcome === 'not-engaged'),
    };
  }
}
