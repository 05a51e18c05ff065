/**
 * The pathway's events as confirmation pages: released, a new release date, back in custody,
 * transferred, cancelled. Which events a pathway offers this person, and the fields each takes,
 * are the API's (`pathway.actions`, from its access table and the pathway's state); this holds
 * the words. Each posts to the API with the form's idempotency key; the API's field errors come
 * back in an error summary with the answers kept, and success returns to the pathway with a banner.
 */
import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { londonDateOf } from '@throughcare/domain';
import { ApiClient, ApiPageError } from '../api/api-client';
import type { Schemas } from '../api/api-paths';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import type { FieldMessageOverrides } from '../common/field-messages';
import { fieldErrorsFrom, FormErrors } from '../common/form-errors';
import { dateOf, RELEASE_DATE_TYPES } from '../releases/register-release.controller';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Form = Record<string, string | undefined>;
type Pathway = Schemas['PathwayResponseDto'];
type Action = Schemas['ActionDto'];

/** An event's words. */
interface EventWords {
  label: string;
  done: string;
  /** What the page says will happen. */
  explanation: string;
  /** This page's words where the shared ones (field-messages) would not fit, e.g. which reason. */
  messages?: FieldMessageOverrides;
}

const WORDS: Record<string, EventWords> = {
  released: { label: 'Record the release', done: 'Release recorded', explanation: 'The day the person left starts the 21 days for the first community appointment.' },
  'release-date': {
    label: 'Change the release date',
    done: 'Release date changed',
    explanation: 'Every open deadline is worked out again from the new day of release.',
    messages: { releaseDate: { fallback: 'Check the new release date', required: 'Enter the new release date' }, reason: { required: 'Enter why the release date changed' } },
  },
  'returned-to-custody': {
    label: 'Record a return to custody',
    done: 'Return to custody recorded',
    explanation: 'Open tasks are cancelled and the pathway is left out of the measure.',
    messages: { reason: { required: 'Enter why the person returned to custody, for example recalled' } },
  },
  transfer: { label: 'Record a transfer', done: 'Transfer recorded', explanation: 'The prison’s open tasks move with the person to the new prison, and you will no longer see them.' },
  cancel: {
    label: 'Cancel the pathway',
    done: 'Pathway cancelled',
    explanation: 'Every open task is cancelled and the pathway is closed.',
    messages: { reason: { required: 'Enter why the pathway is cancelled' } },
  },
};

/** The events the API offers this person on this pathway, with their words, for the pathway page's links. */
export function offeredEvents(pathway: Pathway): Array<{ event: string; label: string }> {
  return pathway.actions.filter((a) => WORDS[a.name]).map((a) => ({ event: a.name, label: WORDS[a.name].label }));
}

/** The API's body from the form, by each field's kind as the API describes it. */
export function bodyOf(action: Action, form: Form): Record<string, unknown> {
  return Object.fromEntries(action.fields.map(({ name, kind }) => [name, kind === 'date' ? dateOf(form, name) : String(form[name] ?? '').trim()]));
}

/** Where each field is on the page, for the error summary's links (a date is three inputs). */
function fieldIds(action: Action): Record<string, string> {
  return Object.fromEntries(action.fields.map(({ name, kind }) => [name, kind === 'date' ? `${name}-day` : name]));
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
    // A day that has happened (a release, a return to custody) is most often today.
    const happened = chosen.name === 'released' ? 'releasedOn' : chosen.name === 'returned-to-custody' ? 'on' : undefined;
    if (happened) Object.assign(form, { [`${happened}-day`]: today.day, [`${happened}-month`]: today.month, [`${happened}-year`]: today.year });
    res.render('pages/pathways/pathway-event', await this.model(person, pathway, chosen, form));
  }

  @Post(':id/events/:event')
  async record(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Param('event') event: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { pathway, chosen } = await this.load(person, id, event);
    const show = async (errors: FormErrors) => res.status(400).render('pages/pathways/pathway-event', { ...(await this.model(person, pathway, chosen, form)), ...errors });
    const key = typeof form.idempotencyKey === 'string' && UUID.test(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    const answer = await this.api.call(person.token, 'POST', chosen.href, bodyOf(chosen, form), key);
    if (!answer.ok && [400, 409, 422].includes(answer.status)) return show(fieldErrorsFrom(answer.body, fieldIds(chosen), WORDS[chosen.name].messages));
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = WORDS[chosen.name].done;
    // After a transfer the pathway belongs to another prison, so the nurse goes back to their prison's releases.
    req.session.save(() => res.redirect(303, chosen.name === 'transfer' ? '/releases' : `/pathways/${id}`));
  }

  /** The pathway, and the event this address names if the API offers it to this person now; else there is no such page. */
  private async load(person: SignedIn, id: string, event: string): Promise<{ pathway: Pathway; chosen: Action }> {
    if (!UUID.test(id)) throw new ApiPageError(404);
    const pathway = await this.api.get(person.token, `/v1/pathways/${id}`);
    const chosen = pathway.actions.find((a) => a.name === event);
    if (!chosen || !WORDS[chosen.name]) throw new ApiPageError(404);
    return { pathway, chosen };
  }

  private async model(person: SignedIn, pathway: Pathway, chosen: Action, form: Form): Promise<Record<string, unknown>> {
    const { label, explanation } = WORDS[chosen.name];
    const model: Record<string, unknown> = { pathway, event: { event: chosen.name, label, explanation }, form };
    // A choice's values are the API's; the page gives them names.
    const choice = chosen.fields.find((f) => f.name === 'releaseDateType');
    if (choice?.values) model.releaseDateTypes = RELEASE_DATE_TYPES.filter((t) => choice.values!.includes(t.value));
    const organisation = chosen.fields.find((f) => f.kind === 'organisation');
    if (organisation) {
      const organisations = await this.api.get(person.token, '/v1/organisations');
      model.prisons = organisations.filter((o) => o.type === organisation.organisationType && o.code !== pathway.prisonCode).map((o) => ({ code: o.code, name: o.name }));
    }
    return model;
  }
}
