/**
 * The pathway's events as confirmation pages (prison healthcare of the holding prison, while
 * the pathway is open): released, a new release date, back in custody, transferred, cancelled.
 * Each posts to the API's event with the form's idempotency key; the API's field errors come
 * back in an error summary with the answers kept, and success returns to the pathway with a
 * banner. Which events a pathway offers is `eventsFor`, shared with the pathway page.
 */
import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { londonDateOf } from '@throughcare/domain';
import { ApiClient, ApiPageError, Json } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import type { FieldMessageOverrides } from '../common/field-messages';
import { fieldErrorsFrom, FormErrors } from '../common/form-errors';
import { dateOf, RELEASE_DATE_TYPES } from '../releases/register-release.controller';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Form = Record<string, string | undefined>;

export interface PathwayEvent {
  /** The API's path segment, also the page's. */
  event: 'released' | 'release-date' | 'returned-to-custody' | 'transfer' | 'cancel';
  label: string;
  done: string;
  /** What the page says will happen. */
  explanation: string;
  /** Where each API field is on the page, for the error summary's links. */
  fieldIds: Record<string, string>;
  /** This page's words where the shared ones (field-messages) would not fit, e.g. which reason. */
  messages?: FieldMessageOverrides;
  /** Only before the release is recorded (the pathway refuses it after). */
  beforeRelease?: true;
  body(form: Form): Record<string, unknown>;
}

const EVENTS: PathwayEvent[] = [
  {
    event: 'released',
    label: 'Record the release',
    done: 'Release recorded',
    explanation: 'The day the person left starts the 21 days for the first community appointment.',
    fieldIds: { releasedOn: 'releasedOn-day', kind: 'kind' },
    beforeRelease: true,
    body: (form) => ({ releasedOn: dateOf(form, 'releasedOn'), kind: form.kind }),
  },
  {
    event: 'release-date',
    label: 'Change the release date',
    done: 'Release date changed',
    explanation: 'Every open deadline is worked out again from the new day of release.',
    fieldIds: { releaseDate: 'releaseDate-day', releaseDateType: 'releaseDateType', reason: 'reason' },
    messages: { releaseDate: { fallback: 'Check the new release date', required: 'Enter the new release date' }, reason: { required: 'Enter why the release date changed' } },
    beforeRelease: true,
    body: (form) => ({ releaseDate: dateOf(form, 'releaseDate'), releaseDateType: form.releaseDateType, reason: String(form.reason ?? '').trim() }),
  },
  {
    event: 'returned-to-custody',
    label: 'Record a return to custody',
    done: 'Return to custody recorded',
    explanation: 'Open tasks are cancelled and the pathway is left out of the measure.',
    fieldIds: { on: 'on-day', reason: 'reason' },
    messages: { reason: { required: 'Enter why the person returned to custody, for example recalled' } },
    body: (form) => ({ on: dateOf(form, 'on'), reason: String(form.reason ?? '').trim() }),
  },
  {
    event: 'transfer',
    label: 'Record a transfer',
    done: 'Transfer recorded',
    explanation: 'The prison’s open tasks move with the person to the new prison, and you will no longer see them.',
    fieldIds: { prisonCode: 'prisonCode' },
    beforeRelease: true,
    body: (form) => ({ prisonCode: String(form.prisonCode ?? '') }),
  },
  {
    event: 'cancel',
    label: 'Cancel the pathway',
    done: 'Pathway cancelled',
    explanation: 'Every open task is cancelled and the pathway is closed.',
    fieldIds: { reason: 'reason' },
    messages: { reason: { required: 'Enter why the pathway is cancelled' } },
    body: (form) => ({ reason: String(form.reason ?? '').trim() }),
  },
];

/**
 * The events the signed-in person may record on this pathway: none unless they are healthcare
 * of its prison and it is open; once the release is recorded, only a return to custody or a
 * cancellation.
 */
export function eventsFor(pathway: Json, person: SignedIn): PathwayEvent[] {
  if (person.role !== 'prison-healthcare' || pathway.prisonCode !== person.org || pathway.status !== 'active') return [];
  return pathway.releasedOn ? EVENTS.filter((e) => !e.beforeRelease) : EVENTS;
}

@Controller('pathways')
@UseGuards(SignedInGuard)
export class PathwayEventController {
  constructor(private readonly api: ApiClient) {}

  @Get(':id/events/:event')
  async confirm(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Param('event') event: string, @Res() res: Response): Promise<void> {
    const { pathway, chosen } = await this.load(person, id, event);
    const [year, month, day] = londonDateOf(new Date()).split('-');
    const today = { day: String(Number(day)), month: String(Number(month)), year };
    const form: Form = { idempotencyKey: randomUUID() };
    if (chosen.event === 'released') Object.assign(form, { 'releasedOn-day': today.day, 'releasedOn-month': today.month, 'releasedOn-year': today.year });
    if (chosen.event === 'returned-to-custody') Object.assign(form, { 'on-day': today.day, 'on-month': today.month, 'on-year': today.year });
    res.render('pages/pathways/pathway-event', await this.model(person, pathway, chosen, form));
  }

  @Post(':id/events/:event')
  async record(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Param('event') event: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { pathway, chosen } = await this.load(person, id, event);
    const show = async (errors: FormErrors) => res.status(400).render('pages/pathways/pathway-event', { ...(await this.model(person, pathway, chosen, form)), ...errors });
    const key = typeof form.idempotencyKey === 'string' && UUID.test(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    const answer = await this.api.call(person.token, 'POST', `/v1/pathways/${id}/${chosen.event}`, chosen.body(form), key);
    if (answer.status === 400 || answer.status === 409 || answer.status === 422) return show(fieldErrorsFrom(answer.body, chosen.fieldIds, chosen.messages));
    if (answer.status !== 200) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = chosen.done;
    // After a transfer the pathway belongs to another prison, so the nurse goes back to their prison's releases.
    req.session.save(() => res.redirect(303, chosen.event === 'transfer' ? '/releases' : `/pathways/${id}`));
  }

  private async load(person: SignedIn, id: string, event: string): Promise<{ pathway: Json; chosen: PathwayEvent }> {
    if (!UUID.test(id)) throw new ApiPageError(404);
    const pathway = await this.api.get(person.token, `/v1/pathways/${id}`);
    const chosen = eventsFor(pathway, person).find((e) => e.event === event);
    if (!chosen) throw new ApiPageError(404);
    return { pathway, chosen };
  }

  private async model(person: SignedIn, pathway: Json, chosen: PathwayEvent, form: Form): Promise<Json> {
    const model: Json = { pathway, event: { event: chosen.event, label: chosen.label, explanation: chosen.explanation }, form };
    if (chosen.event === 'release-date') model.releaseDateTypes = RELEASE_DATE_TYPES;
    if (chosen.event === 'transfer') {
      const organisations = (await this.api.get(person.token, '/v1/organisations')) as unknown as Json[];
      model.prisons = organisations.filter((o) => o.type === 'prison' && o.code !== pathway.prisonCode).map((o) => ({ code: o.code, name: o.name }));
    }
    return model;
  }
}
