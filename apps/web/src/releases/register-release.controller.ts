/**
 * Registering a release (prison healthcare): GOV.UK date inputs, radios and checkboxes, sent
 * to the API as a registration. The pathway page then shows the day of release, adjusted by
 * the non-Friday rule with its reason. Errors (the page's own, and the API's field errors)
 * come back in an error summary with every answer kept.
 */
import { Body, Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { fieldErrorsFrom, FormErrors } from '../common/form-errors';
import { OrganisationDirectory, RoutedType } from '../common/organisation-directory';

type Form = Record<string, string | string[] | undefined>;

export const RELEASE_DATE_TYPES = [
  { value: 'CRD', text: 'Conditional release date (CRD)' },
  { value: 'ARD', text: 'Automatic release date (ARD)' },
  { value: 'PRRD', text: 'Post-recall release date (PRRD)' },
  { value: 'HDCAD', text: 'Home detention curfew approved date (HDCAD)' },
  { value: 'APD', text: 'Approved parole date (APD)' },
  { value: 'CONFIRMED', text: 'Confirmed release date' },
];

/** Where each API field is on the page, for the error summary's links. */
const FIELD_IDS: Record<string, string> = {
  prisonNumber: 'prisonNumber',
  givenName: 'givenName',
  familyName: 'familyName',
  dateOfBirth: 'dateOfBirth-day',
  nhsNumber: 'nhsNumber',
  releaseDate: 'releaseDate-day',
  releaseDateType: 'releaseDateType',
  destinationArea: 'destinationArea',
  substances: 'substances',
  onOst: 'onOst',
  consentToShare: 'consentToShare',
  communityTreatmentCode: 'communityTreatmentCode',
  probationCode: 'probationCode',
  commissionerCode: 'commissionerCode',
};

/**
 * Who takes the person on when nobody serves the area yet: the registration's field naming that
 * organisation, its label, and what to say until one is chosen.
 */
const CHOICES: Record<RoutedType, { field: string; label: string; prompt: string; missing: string }> = {
  'community-treatment': {
    field: 'communityTreatmentCode',
    label: 'Community treatment service',
    prompt: 'Choose a service',
    missing: 'No community treatment service serves this area yet: select the service that will care for the person',
  },
  probation: {
    field: 'probationCode',
    label: 'Probation delivery unit',
    prompt: 'Choose a probation delivery unit',
    missing: 'No probation delivery unit serves this area yet: select the unit that will supervise the person',
  },
  commissioner: {
    field: 'commissionerCode',
    label: 'Commissioner',
    prompt: 'Choose a commissioner',
    missing: 'No commissioner oversees this area in Throughcare yet: select the council that commissions the person’s treatment',
  },
};
const CHOICE_FIELDS = new Set(Object.values(CHOICES).map((c) => c.field));

/** A GOV.UK date input's three fields as an ISO calendar date, for the API to judge; empty when all three are (the API then says it is missing). */
export const dateOf = (form: Form, name: string): string => {
  const part = (p: string) => String(form[`${name}-${p}`] ?? '').trim();
  if (!part('day') && !part('month') && !part('year')) return '';
  return `${part('year').padStart(4, '0')}-${part('month').padStart(2, '0')}-${part('day').padStart(2, '0')}`;
};
const yesNo = (value: unknown): boolean | undefined => (value === 'yes' ? true : value === 'no' ? false : undefined);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);

@Controller('releases')
@UseGuards(SignedInGuard)
export class RegisterReleaseController {
  constructor(
    private readonly api: ApiClient,
    private readonly directory: OrganisationDirectory,
  ) {}

  @Get('new')
  async form(@CurrentPerson() person: SignedIn, @Res() res: Response): Promise<void> {
    if (person.role !== 'prison-healthcare') throw new ApiPageError(404);
    res.render('pages/register-release', { form: { idempotencyKey: randomUUID() }, releaseDateTypes: RELEASE_DATE_TYPES, areas: await this.directory.areas(person.token) });
  }

  @Post('new')
  async register(@CurrentPerson() person: SignedIn, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (person.role !== 'prison-healthcare') throw new ApiPageError(404);
    const areas = await this.directory.areas(person.token);
    const area = String(form.destinationArea ?? '').trim().toUpperCase();
    const named = (field: string) => (typeof form[field] === 'string' && form[field] ? String(form[field]) : undefined);
    // The organisations to choose, once the API has said nobody serves the area (or once one was chosen): every kind nobody serves there.
    const choicesFor = async () => {
      const organisations = await this.directory.list(person.token);
      return (await this.directory.unserved(person.token, area)).map((type) => ({
        ...CHOICES[type],
        value: named(CHOICES[type].field),
        organisations: organisations.filter((o) => o.type === type).map(({ code, name }) => ({ code, name })),
      }));
    };
    const chosenBefore = [...CHOICE_FIELDS].some((field) => named(field));
    const show = async (errors: FormErrors, choose = chosenBefore) =>
      res.status(400).render('pages/register-release', { form: { ...form, substances: list(form.substances) }, releaseDateTypes: RELEASE_DATE_TYPES, areas, choices: choose ? await choicesFor() : undefined, ...errors });
    const body = {
      prisonNumber: String(form.prisonNumber ?? '').trim().toUpperCase(),
      givenName: String(form.givenName ?? '').trim(),
      familyName: String(form.familyName ?? '').trim(),
      dateOfBirth: dateOf(form, 'dateOfBirth'),
      ...(String(form.nhsNumber ?? '').trim() ? { nhsNumber: String(form.nhsNumber).trim() } : {}),
      prisonCode: person.org,
      releaseDate: dateOf(form, 'releaseDate'),
      releaseDateType: form.releaseDateType,
      destinationArea: area,
      treatment: { substances: list(form.substances), onOst: yesNo(form.onOst), consentToShare: yesNo(form.consentToShare) },
      ...Object.fromEntries([...CHOICE_FIELDS].filter((field) => named(field)).map((field) => [field, named(field)])),
    };
    const key = typeof form.idempotencyKey === 'string' && /^[0-9a-f-]{36}$/.test(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    const answer = await this.api.call(person.token, 'POST', '/v1/releases', body, key);
    if (!answer.ok && answer.status === 422 && CHOICE_FIELDS.has(String(answer.body.field))) {
      // Nobody serves the area for one kind or more: ask for each at once, not one per attempt.
      const missing = (await choicesFor()).filter((c) => !c.value || c.field === answer.body.field);
      const errors: FormErrors = { errors: {}, errorList: [] };
      for (const { field, missing: text } of missing) {
        errors.errors[field] = { text };
        errors.errorList.push({ text, href: `#${field}` });
      }
      return show(errors, true);
    }
    if (!answer.ok && [400, 409, 422].includes(answer.status)) return show(fieldErrorsFrom(answer.body, FIELD_IDS, {}, '#prisonNumber'));
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = 'Release registered';
    req.session.save(() => res.redirect(303, `/pathways/${answer.body.id}`));
  }
}
