/**
 * Movements to review: what HMPPS reported that no rule may apply by itself (a death, a hospital
 * stay, a deportation, absconding, a transfer to a prison Throughcare does not know, a release
 * date Prisoner Search could not confirm), for the
 * healthcare team of the prison the person left. A page lists them; each opens a page to decide:
 * record the release, record a return to custody, cancel the pathway, or change nothing, with a
 * reason. The API decides who sees which and which decisions are open (`actions`).
 */
import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiClient, ApiPageError } from '../api/api-client';
import type { Schemas } from '../api/api-paths';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { fieldErrorsFrom, formErrors, FormErrors } from '../common/form-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
const STATES = ['open', 'resolved'] as const;

/** What HMPPS reported, in words. */
export const MOVEMENT_IN_WORDS: Record<string, string> = {
  death: 'Reported as having died',
  hospital: 'Released to hospital',
  deportation: 'Released for deportation',
  absconded: 'Reported as absconded',
  'transfer-to-unknown-prison': 'Transferred to a prison Throughcare does not know',
  'prisoner-search-unavailable': 'Their release date may have changed, but Prisoner Search could not be reached to check it',
  'not-in-prisoner-search': 'Their release date may have changed, but Prisoner Search does not know them',
  'release-date-unmatched': 'Prisoner Search gave a new release date that matches none of their sentence dates',
};

/** Each decision: its words, and what it does to the pathway. */
export const RESOLUTION_IN_WORDS: Record<string, { text: string; hint: string; done: string }> = {
  released: { text: 'Record the release', hint: 'The person has left prison. The release is recorded on the day HMPPS reported.', done: 'Release recorded' },
  'returned-to-custody': { text: 'Record a return to custody', hint: 'Open tasks are cancelled and the pathway is closed.', done: 'Return to custody recorded' },
  cancelled: { text: 'Cancel the pathway', hint: 'Every open task is cancelled and the pathway is closed.', done: 'Pathway cancelled' },
  dismissed: { text: 'Change nothing', hint: 'The pathway stays as it is.', done: 'Marked as needing no change' },
};

type Form = Record<string, string | undefined>;

type Review = Schemas['ReviewItemDto'];

@Controller('reviews')
@UseGuards(SignedInGuard)
export class ReviewsController {
  constructor(private readonly api: ApiClient) {}

  @Get()
  @Render('pages/reviews/reviews')
  async list(@CurrentPerson() person: SignedIn, @Req() req: Request, @Query('state') state?: string, @Query('cursor') cursor?: string) {
    const chosen = STATES.find((s) => s === state) ?? 'open';
    const query = new URLSearchParams({ state: chosen, limit: '25' });
    if (cursor && CURSOR.test(cursor)) query.set('cursor', cursor);
    const page = await this.api.get(person.token, `/v1/intake/reviews?${query}`);
    const flash = req.session.flash;
    req.session.flash = undefined;
    return {
      items: page.items,
      state: chosen,
      movements: MOVEMENT_IN_WORDS,
      resolutions: RESOLUTION_IN_WORDS,
      flash,
      nextHref: page.nextCursor ? `/reviews?${new URLSearchParams({ state: chosen, cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `/reviews?${new URLSearchParams({ state: chosen })}` : undefined,
    };
  }

  @Get(':id')
  async review(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Res() res: Response): Promise<void> {
    res.render('pages/reviews/review', this.model(await this.load(person, id), {}));
  }

  @Post(':id')
  async resolve(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const item = await this.load(person, id);
    const show = (errors: FormErrors) => res.status(400).render('pages/reviews/review', { ...this.model(item, form), ...errors });
    // The page's own checks first, in its words; the API checks again.
    const mine = formErrors();
    if (!form.resolution || !(item.actions as string[]).includes(form.resolution)) mine.add('resolution', 'resolution', 'Select what to do about this movement');
    if (!String(form.reason ?? '').trim()) mine.add('reason', 'reason', 'Enter why, for example what the hospital told you');
    if (mine.errorList.length) return show(mine);
    const answer = await this.api.call(person.token, 'POST', `/v1/intake/reviews/${id}/resolve`, { resolution: form.resolution, reason: String(form.reason).trim() });
    if (!answer.ok && answer.status === 409 && answer.body.type.endsWith('/review-resolved')) {
      const resolved = formErrors();
      resolved.add('resolution', 'resolution', 'Someone has already decided this movement another way; go back to the list to see what they did');
      return show(resolved);
    }
    if (!answer.ok && [400, 409, 422].includes(answer.status)) {
      return show(fieldErrorsFrom(answer.body, { resolution: 'resolution', reason: 'reason' }, { reason: { required: 'Enter why, for example what the hospital told you' } }));
    }
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = RESOLUTION_IN_WORDS[form.resolution!]?.done ?? 'Decision recorded';
    req.session.save(() => res.redirect(303, '/reviews'));
  }

  private async load(person: SignedIn, id: string): Promise<Review> {
    if (!UUID.test(id)) throw new ApiPageError(404);
    return this.api.get(person.token, `/v1/intake/reviews/${id}`);
  }

  private model(item: Review, form: Form): Record<string, unknown> {
    return {
      item,
      form,
      movement: MOVEMENT_IN_WORDS[item.kind] ?? 'A movement reported by HMPPS',
      choices: item.actions.map((value) => ({ value, text: RESOLUTION_IN_WORDS[value].text, hint: { text: RESOLUTION_IN_WORDS[value].hint }, checked: form.resolution === value })),
      resolutions: RESOLUTION_IN_WORDS,
    };
  }
}
