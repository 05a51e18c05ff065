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
import { FormErrors, fieldErrorsFrom } from '../common/form-errors';
import { actionsFor, TaskAction } from './task-actions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Form = Record<string, string | undefined>;

@Controller('tasks')
@UseGuards(SignedInGuard)
export class TaskPageController {
  constructor(private readonly api: ApiClient) {}

  @Get(':id/:action')
  async confirm(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Param('action') action: string, @Res() res: Response): Promise<void> {
    const { task, chosen } = await this.load(person, id, action);
    res.render('pages/task-action', { task, action: chosen, form: { idempotencyKey: randomUUID() } });
  }

  @Post(':id/:action')
  async act(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Param('action') action: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { task, chosen } = await this.load(person, id, action);
    const { details, errors } = detailsFrom(chosen, form);
    const show = (formErrors: FormErrors) => res.status(400).render('pages/task-action', { task, action: chosen, form, ...formErrors });
    if (errors.errorList.length > 0) return show(errors);
    const key = typeof form.idempotencyKey === 'string' && UUID.test(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    const answer = await this.api.call(person.token, 'POST', `/v1/tasks/${id}/${chosen.action}`, details, key);
    if (answer.status === 400) return show(fieldErrorsFrom(answer.body, { reason: 'reason', appointmentAt: 'appointmentAt-day', attended: 'attended', supplied: 'supplied' }));
    if (answer.status !== 200) {
      if (answer.status === 409) return show({ errors: {}, errorList: [{ text: String(answer.body.detail ?? 'This task has changed; reload the pathway'), href: '#main-content' }] });
      throw new ApiPageError(answer.status, answer.body);
    }
    req.session.flash = `${chosen.label}: done`;
    req.session.save(() => res.redirect(303, `/pathways/${task.pathwayId}`));
  }

  private async load(person: SignedIn, id: string, action: string): Promise<{ task: Json; chosen: TaskAction }> {
    if (!UUID.test(id)) throw new ApiPageError(404);
    const task = await this.api.get(person.token, `/v1/tasks/${id}`);
    const chosen = actionsFor(task as never).find((a) => a.action === action);
    if (!chosen || task.owner !== person.org) throw new ApiPageError(404);
    return { task, chosen };
  }
}

/** The API's details from the form, or the errors to show. */
function detailsFrom(action: TaskAction, form: Form): { details: Record<string, unknown>; errors: FormErrors } {
  const details: Record<string, unknown> = {};
  const errors: FormErrors = { errors: {}, errorList: [] };
  const fail = (field: string, href: string, text: string) => {
    errors.errors[field] = { text };
    errors.errorList.push({ text, href: `#${href}` });
  };
  for (const field of action.fields) {
    if (field === 'reason') {
      if (!form.reason?.trim()) fail('reason', 'reason', 'Enter why the referral is declined');
      else details.reason = form.reason;
    }
    if (field === 'attended' || field === 'supplied') {
      if (form[field] !== 'yes' && form[field] !== 'no') fail(field, field, field === 'attended' ? 'Select whether the person attended' : 'Select whether naloxone was supplied');
      else details[field] = form[field] === 'yes';
    }
    if (field === 'appointmentAt') {
      const day = Number(form['appointmentAt-day']);
      const month = Number(form['appointmentAt-month']);
      const year = Number(form['appointmentAt-year']);
      const time = (form['appointmentAt-time'] ?? '').trim();
      const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const valid = Number.isInteger(day) && Number.isInteger(month) && Number.isInteger(year) && year >= 2000 && year < 2100 && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
      if (!valid) fail('appointmentAt', 'appointmentAt-day', 'Enter the date of the appointment, for example 27 3 2027');
      else if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) fail('appointmentAtTime', 'appointmentAt-time', 'Enter the time of the appointment, for example 10:30');
      else details.appointmentAt = londonInstant(date, time.padStart(5, '0')).toISOString();
    }
  }
  return { details, errors };
}
