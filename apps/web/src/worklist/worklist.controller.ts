/**
 * Everyone's home page: their organisation's worklist. Open tasks soonest due first (so the
 * overdue ones lead, tagged red) or by the person's day of release, filters by type and state,
 * and pages by the API's cursor.
 */
import { Controller, Get, Query, Render, UseGuards } from '@nestjs/common';
import { TASK_TYPES } from '@throughcare/domain';
import { ApiClient } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';

const STATES = ['open', 'overdue', 'done'] as const;
/** The orders a person can choose, as the API's `sort` takes them. */
export const SORTS = [
  { value: 'due', text: 'Due date, soonest first', caption: 'soonest due first' },
  { value: 'release', text: 'Day of release, soonest first', caption: 'soonest release first' },
] as const;

@Controller()
@UseGuards(SignedInGuard)
export class WorklistController {
  constructor(private readonly api: ApiClient) {}

  @Get()
  @Render('pages/worklist')
  async worklist(@CurrentPerson() person: SignedIn, @Query('state') state?: string, @Query('type') type?: string, @Query('sort') sort?: string, @Query('cursor') cursor?: string) {
    const chosenState = STATES.find((s) => s === state) ?? 'open';
    const chosenType = TASK_TYPES.find((t) => t === type);
    const chosenSort = SORTS.find((s) => s.value === sort) ?? SORTS[0];
    const query = new URLSearchParams({ state: chosenState, limit: '25', sort: chosenSort.value });
    if (chosenType) query.set('type', chosenType);
    if (cursor && /^[A-Za-z0-9_-]{1,200}$/.test(cursor)) query.set('cursor', cursor);
    const page = await this.api.get(person.token, `/v1/tasks?${query}`);
    const kept = { state: chosenState, ...(chosenType ? { type: chosenType } : {}), sort: chosenSort.value };
    const next = page.nextCursor ? new URLSearchParams({ ...kept, cursor: page.nextCursor }) : undefined;
    return {
      tasks: page.items,
      state: chosenState,
      type: chosenType ?? '',
      sort: chosenSort,
      states: STATES,
      types: TASK_TYPES,
      sorts: SORTS,
      nextHref: next ? `/?${next}` : undefined,
      firstHref: cursor ? `/?${new URLSearchParams(kept)}` : undefined,
    };
  }
}
