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
import { OrganisationDirectory } from '../common/organisation-directory';

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
};

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
    res.render('pages/register-release', { form: { idempotencyKey: randomUUID() }, releaseDateTypes: RELEASE_DATE_TYPES, areas: await this.directory.servedAreas(person.token) });
  }

  @Post('new')
  async register(@CurrentPerson() person: SignedIn, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (person.role !== 'prison-healthcare') throw new ApiPageError(404);
    const areas = await this.directory.servedAreas(person.token);
    // Offered once the area has no service of its own (the API's no-route), or once chosen.
    const services = async () => (await this.directory.list(person.token)).filter((o) => o.type === 'community-treatment').map(({ code, name }) => ({ code, name }));
    const show = async (errors: FormErrors, chooseService = Boolean(form.communityTreatmentCode)) =>
      res.status(400).render('pages/register-release', { form: { ...form, substances: list(form.substances) }, releaseDateTypes: RELEASE_DATE_TYPES, areas, services: chooseService ? await services() : undefined, ...errors });
    const body = {
      prisonNumber: String(form.prisonNumber ?? '').trim().toUpperCase(),
      givenName: String(form.givenName ?? '').trim(),
      familyName: String(form.familyName ?? '').trim(),
      dateOfBirth: dateOf(form, 'dateOfBirth'),
      ...(String(form.nhsNumber ?? '').trim() ? { nhsNumber: String(form.nhsNumber).trim() } : {}),
      prisonCode: person.org,
      releaseDate: dateOf(form, 'releaseDate'),
      releaseDateType: form.releaseDateType,
      destinationArea: String(form.destinationArea ?? '').trim().toUpperCase(),
      treatment: { substances: list(form.substances), onOst: yesNo(form.onOst), consentToShare: yesNo(form.consentToShare) },
      ...(typeof form.communityTreatmentCode === 'string' && form.communityTreatmentCode ? { communityTreatmentCode: form.communityTreatmentCode } : {}),
    };
    const key = typeof form.idempotencyKey === 'string' && /^[0-9a-f-]{36}$/.test(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    const answer = await this.api.call(person.token, 'POST', '/v1/releases', body, key);
    if (!answer.ok && answer.status === 422 && answer.body.field === 'communityTreatmentCode') {
      const text = 'No community treatment service serves this area yet: select the service that will care for the person';
      return show({ errors: { communityTreatmentCode: { text } }, errorList: [{ text, href: '#communityTreatmentCode' }] }, true);
    }
    if (!answer.ok && [400, 409, 422].includes(answer.status)) return show(fieldErrorsFrom(answer.body, FIELD_IDS, {}, '#prisonNumber'));
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = 'Release registered';
    req.session.save(() => res.redirect(303, `/pathways/${answer.body.id}`));
  }
}
