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
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { fieldMessage, FieldMessageOverrides } from '../common/field-messages';
import { FormErrors, fieldErrorsFrom, formErrors } from '../common/form-errors';
import { OrganisationDirectory } from '../common/organisation-directory';
import { Action, actionLabel, Task } from './task-actions';
import { pharmacyFrom, PLACE_FIELD_IDS, PLACE_MESSAGES, PlaceChoice, placeChoices, placeChosen, placeFrom } from './place-fields';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Form = Record<string, string | undefined>;

/** An action as the page shows it: its words, and its fields by name for the template. */
interface ChosenAction {
  action: string;
  label: string;
  href: string;
  fields: Action['fields'];
  fieldNames: string[];
}

/** Where each field is on the page, for the error summary's links (a date and time is four inputs). */
const fieldId = (field: string, kind?: string) => (kind === 'date-time' ? `${field}-day` : field);

/** The only reason a task asks for is a decline's. */
const TASK_MESSAGES: FieldMessageOverrides = { reason: { required: 'Enter why the referral is declined' }, ...PLACE_MESSAGES };

@Controller('tasks')
@UseGuards(SignedInGuard)
export class TaskPageController {
  constructor(
    private readonly api: ApiClient,
    private readonly directory: OrganisationDirectory,
  ) {}

  /** For an organisation field (a re-referral's service): the organisations of that type, by name. */
  private async choices(person: SignedIn, action: ChosenAction): Promise<Array<{ code: string; name: string }> | undefined> {
    const field = action.fields.find((f) => f.kind === 'organisation');
    if (!field) return undefined;
    return (await this.directory.list(person.token)).filter((o) => o.type === field.organisationType).map(({ code, name }) => ({ code, name }));
  }

  /** For a booking: the places the service can see the person, from its public profile. */
  private async places(person: SignedIn, action: ChosenAction): Promise<PlaceChoice[] | undefined> {
    if (!action.fields.some((f) => f.kind === 'place')) return undefined;
    const answer = await this.api.call(person.token, 'GET', `/v1/organisations/${encodeURIComponent(person.org)}/profile`);
    return placeChoices(answer.status === 200 ? answer.body : undefined);
  }

  @Get(':id/:action')
  async confirm(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Param('action') action: string, @Res() res: Response): Promise<void> {
    const task = await this.task(person, id);
    // Back (browser history) after the action was taken, or a link to a task done since: the
    // task as it is now, not "Page not found".
    if (task.state !== 'open') return res.render('pages/task-now', { task });
    const chosen = chosenFrom(task, action);
    const [services, places] = await Promise.all([this.choices(person, chosen), this.places(person, chosen)]);
    res.render('pages/task-action', { task, action: chosen, services, places, form: { idempotencyKey: randomUUID(), place: places ? placeChosen(task.details, places) : undefined } });
  }

  @Post(':id/:action')
  async act(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Param('action') action: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const task = await this.task(person, id);
    // A second submit of an action already taken (the first one's answer was lost): the task as it is now.
    if (task.state !== 'open') return res.render('pages/task-now', { task });
    const chosen = chosenFrom(task, action);
    const { details, errors } = detailsFrom(chosen, form);
    const [services, places] = await Promise.all([this.choices(person, chosen), this.places(person, chosen)]);
    const show = (formErrors: FormErrors) => res.status(400).render('pages/task-action', { task, action: chosen, services, places, form, ...formErrors });
    if (errors.errorList.length > 0) return show(errors);
    const key = typeof form.idempotencyKey === 'string' && UUID.test(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    const answer = await this.api.call(person.token, 'POST', chosen.href, details, key);
    const ids = { ...PLACE_FIELD_IDS, ...Object.fromEntries(chosen.fields.map((f) => [f.name, fieldId(f.name, f.kind)])) };
    if (!answer.ok && [400, 409, 422].includes(answer.status)) return show(fieldErrorsFrom(answer.body, ids, TASK_MESSAGES));
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = `${chosen.label}: done`;
    req.session.save(() => res.redirect(303, `/pathways/${task.pathwayId}`));
  }

  /** The task, as the API shows it to this person. */
  private async task(person: SignedIn, id: string): Promise<Task> {
    if (!UUID.test(id)) throw new ApiPageError(404);
    return this.api.get(person.token, `/v1/tasks/${id}`);
  }
}

/** The action this address names, if the API offers it to this person now; else there is no such page. */
function chosenFrom(task: Task, name: string): ChosenAction {
  const offered = task.actions.find((a) => a.name === name);
  if (!offered) throw new ApiPageError(404);
  return { action: offered.name, label: actionLabel(task.type, offered.name), href: offered.href, fields: offered.fields, fieldNames: offered.fields.map((f) => f.name) };
}

/** The API's details from the form, by each field's kind as the API describes it, or the errors to show. */
function detailsFrom(action: ChosenAction, form: Form): { details: Record<string, unknown>; errors: FormErrors } {
  const details: Record<string, unknown> = {};
  const errors = formErrors();
  const fail = (field: string, href: string, code: string) => errors.add(field, href, fieldMessage({ field, code }, TASK_MESSAGES));
  for (const { name, kind, required } of action.fields) {
    const value = form[name];
    if (kind === 'text') {
      if (value?.trim()) details[name] = value;
      else if (required) fail(name, name, 'required');
    }
    if (kind === 'yes-no') {
      if (value === 'yes' || value === 'no') details[name] = value === 'yes';
      else if (required) fail(name, name, 'required');
    }
    // An optional organisation left empty: the API keeps the one before (a re-referral's service).
    if (kind === 'organisation' && value) details[name] = value;
    if (kind === 'date-time') {
      const day = Number(form[`${name}-day`]);
      const month = Number(form[`${name}-month`]);
      const year = Number(form[`${name}-year`]);
      const time = (form[`${name}-time`] ?? '').trim();
      const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const valid = Number.isInteger(day) && Number.isInteger(month) && Number.isInteger(year) && year >= 2000 && year < 2100 && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
      if (!valid) fail(name, `${name}-day`, 'not-a-date');
      else if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) fail(`${name}Time`, `${name}-time`, 'required');
      else details[name] = londonInstant(date, time.padStart(5, '0')).toISOString();
    }
    if (kind === 'place') details.place = placeFrom(form, fail);
    if (kind === 'pharmacy') {
      const pharmacy = pharmacyFrom(form, fail);
      if (pharmacy) Object.assign(details, pharmacy);
    }
  }
  return { details, errors: { errors: errors.errors, errorList: errors.errorList } };
}
