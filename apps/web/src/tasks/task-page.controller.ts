/**
 * A task action as a confirmation page: what will happen, the fields it needs, and the
 * answer. Bad input comes back with a GOV.UK error summary and every field as it was sent;
 * the API's own refusals (a decline without a reason, an appointment too late) are shown
 * against the field they name.
 */
import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { londonInstant } from '@throughcare/domain';
import { ApiClient, ApiPageError, Json } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { fieldMessage, FieldMessageOverrides } from '../common/field-messages';
import { FormErrors, fieldErrorsFrom, formErrors } from '../common/form-errors';
import { OrganisationDirectory } from '../common/organisation-directory';
import { actionsFor, TaskAction } from './task-actions';
import { dateFromInput, pharmacyFrom, PLACE_FIELD_IDS, PLACE_MESSAGES, PlaceChoice, placeChoices, placeFrom } from './place-fields';

/** The actions a task page can be for: any other address is not a page. */
const TASK_ACTIONS = new Set(['acknowledge', 'accept', 'decline', 'complete']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Form = Record<string, string | undefined>;

/** Where each API field is on the page, for the error summary's links. */
const FIELD_IDS = { reason: 'reason', appointmentAt: 'appointmentAt-day', attended: 'attended', supplied: 'supplied', communityTreatmentCode: 'communityTreatmentCode', ...PLACE_FIELD_IDS };

/** The only reason a task asks for is a decline's. */
const TASK_MESSAGES: FieldMessageOverrides = { reason: { required: 'Enter why the referral is declined' }, ...PLACE_MESSAGES };

@Controller('tasks')
@UseGuards(SignedInGuard)
export class TaskPageController {
  constructor(
    private readonly api: ApiClient,
    private readonly directory: OrganisationDirectory,
  ) {}

  /** For a re-referral: the community treatment services the prison may choose from, by name. */
  private async services(person: SignedIn, action: TaskAction): Promise<Array<{ code: string; name: string }> | undefined> {
    if (!action.fields.includes('communityTreatmentCode')) return undefined;
    return (await this.directory.list(person.token)).filter((o) => o.type === 'community-treatment').map(({ code, name }) => ({ code, name }));
  }

  /** For a booking: the places the service can see the person, from its public profile. */
  private async places(person: SignedIn, action: TaskAction): Promise<PlaceChoice[] | undefined> {
    if (!action.fields.includes('place')) return undefined;
    const answer = await this.api.call(person.token, 'GET', `/v1/organisations/${encodeURIComponent(person.org)}/profile`);
    return placeChoices(answer.status === 200 ? answer.body : undefined);
  }

  @Get(':id/:action')
  async confirm(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Param('action') action: string, @Res() res: Response): Promise<void> {
    const task = await this.task(person, id);
    // Back (browser history) after the action was taken, or a link to a task done since: the
    // task as it is now, not "Page not found".
    if (task.state !== 'open' && TASK_ACTIONS.has(action)) return res.render('pages/task-now', { task });
    const { chosen } = this.chosen(task, action);
    const [services, places] = await Promise.all([this.services(person, chosen), this.places(person, chosen)]);
    res.render('pages/task-action', { task, action: chosen, services, places, form: { idempotencyKey: randomUUID(), place: places ? 'main' : undefined } });
  }

  @Post(':id/:action')
  async act(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Param('action') action: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { task, chosen } = await this.load(person, id, action);
    const { details, errors } = detailsFrom(chosen, form);
    const [services, places] = await Promise.all([this.services(person, chosen), this.places(person, chosen)]);
    const show = (formErrors: FormErrors) => res.status(400).render('pages/task-action', { task, action: chosen, services, places, form, ...formErrors });
    if (errors.errorList.length > 0) return show(errors);
    const key = typeof form.idempotencyKey === 'string' && UUID.test(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    const answer = await this.api.call(person.token, 'POST', `/v1/tasks/${id}/${chosen.action}`, details, key);
    if (answer.status === 400 || answer.status === 409 || answer.status === 422) return show(fieldErrorsFrom(answer.body, FIELD_IDS, TASK_MESSAGES));
    if (answer.status !== 200) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = `${chosen.label}: done`;
    req.session.save(() => res.redirect(303, `/pathways/${task.pathwayId}`));
  }

  private async load(person: SignedIn, id: string, action: string): Promise<{ task: Json; chosen: TaskAction }> {
    return this.chosen(await this.task(person, id), action);
  }

  /** The task, if it is the person's organisation's to act on. */
  private async task(person: SignedIn, id: string): Promise<Json> {
    if (!UUID.test(id)) throw new ApiPageError(404);
    const task = await this.api.get(person.token, `/v1/tasks/${id}`);
    if (task.owner !== person.org) throw new ApiPageError(404);
    return task;
  }

  private chosen(task: Json, action: string): { task: Json; chosen: TaskAction } {
    const chosen = actionsFor(task as never).find((a) => a.action === action);
    if (!chosen) throw new ApiPageError(404);
    return { task, chosen };
  }
}

/** The API's details from the form, or the errors to show. */
function detailsFrom(action: TaskAction, form: Form): { details: Record<string, unknown>; errors: FormErrors } {
  const details: Record<string, unknown> = {};
  const errors = formErrors();
  const fail = (field: string, href: string, code: string) => errors.add(field, href, fieldMessage({ field, code }, TASK_MESSAGES));
  for (const field of action.fields) {
    if (field === 'reason') {
      if (!form.reason?.trim()) fail('reason', 'reason', 'required');
      else details.reason = form.reason;
    }
    if (field === 'attended' || field === 'supplied') {
      if (form[field] !== 'yes' && form[field] !== 'no') fail(field, field, 'required');
      else details[field] = form[field] === 'yes';
    }
    // Empty: the same service as before (the API keeps it).
    if (field === 'communityTreatmentCode' && form.communityTreatmentCode) details.communityTreatmentCode = form.communityTreatmentCode;
    if (field === 'place') details.place = placeFrom(form, fail);
    if (field === 'pharmacy') Object.assign(details, pharmacyFrom(form, fail));
    if (field === 'appointmentAt') {
      const time = (form['appointmentAt-time'] ?? '').trim();
      const date = dateFromInput(form, 'appointmentAt');
      if (!date) fail('appointmentAt', 'appointmentAt-day', 'not-a-date');
      else if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) fail('appointmentAtTime', 'appointmentAt-time', 'required');
      else details.appointmentAt = londonInstant(date, time.padStart(5, '0')).toISOString();
    }
  }
  return { details, errors: { errors: errors.errors, errorList: errors.errorList } };
}
