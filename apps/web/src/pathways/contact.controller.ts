/**
 * The person's mobile number and consent to text reminders: a form to record or change it, and
 * a confirmation page to withdraw consent. Whether this person may do either, and where to send
 * it, is the API's (`pathway.actions`: `contact`, `withdraw-contact`); this holds the words. The
 * API's field errors come back in an error summary with the answers kept; success returns to the
 * pathway with a banner. The number typed is sent to the API and kept nowhere else (no session).
 */
import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiClient, ApiPageError } from '../api/api-client';
import type { Schemas } from '../api/api-paths';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { fieldErrorsFrom, FormErrors } from '../common/form-errors';
import { dayInWords, timeInWords } from '../common/view-filters';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Form = Record<string, string | undefined>;
type Pathway = Schemas['PathwayResponseDto'];
type Action = Schemas['ActionDto'];
type Contact = Schemas['PathwayContactDto'];

/** Where each field is on the page, for the error summary's links. */
const FIELD_IDS = { mobileNumber: 'mobileNumber', consentToText: 'consentToText' };

const CONSENT_IN_WORDS: Record<Contact['consentToText'], string> = {
  yes: 'Yes',
  no: 'No',
  withdrawn: 'No, consent withdrawn',
};

/** "Alex Nurse, HMP Leeds, at 10:30am on Friday 8 January 2027". */
function byWhomAndWhen(who: Contact['recordedBy'], at: string): string {
  return `${who.name}, ${who.organisation}, at ${timeInWords(new Date(at))} on ${dayInWords(at)}`;
}

/**
 * The contact as the pathway page's summary shows it, with the links the API offers; undefined
 * when the API shows this person neither the contact nor any action on it.
 */
export function contactSummary(pathway: Pathway): { rows: Array<{ key: string; value: string }>; change?: string; withdraw?: string } | undefined {
  const offered = (name: Action['name']) => pathway.actions.some((a) => a.name === name);
  const contact = pathway.contact;
  if (!contact && !offered('contact')) return undefined;
  const links = { change: offered('contact') ? `/pathways/${pathway.id}/contact` : undefined, withdraw: offered('withdraw-contact') ? `/pathways/${pathway.id}/contact/withdraw` : undefined };
  if (!contact) return { rows: [{ key: 'Mobile number', value: 'Not recorded' }], ...links };
  const rows = [
    { key: 'Mobile number', value: contact.mobileNumberInWords ?? (contact.mobileNumberUnreadable ? 'Cannot be read at the moment: record it again' : 'Removed when consent was withdrawn') },
    { key: 'Agrees to text reminders', value: CONSENT_IN_WORDS[contact.consentToText] },
    { key: 'Recorded by', value: byWhomAndWhen(contact.recordedBy, contact.recordedAt) },
  ];
  if (contact.withdrawnByTextReply && contact.withdrawnAt) {
    rows.push({ key: 'Consent withdrawn by', value: `The person, who replied STOP to a text, at ${timeInWords(new Date(contact.withdrawnAt))} on ${dayInWords(contact.withdrawnAt)}` });
  } else if (contact.withdrawnBy && contact.withdrawnAt) rows.push({ key: 'Consent withdrawn by', value: byWhomAndWhen(contact.withdrawnBy, contact.withdrawnAt) });
  return { rows, ...links };
}

@Controller('pathways')
@UseGuards(SignedInGuard)
export class ContactController {
  constructor(private readonly api: ApiClient) {}

  @Get(':id/contact')
  async form(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { pathway } = await this.load(person, id, 'contact');
    const contact = pathway.contact;
    // Changing: the number and answer held now, unless consent was withdrawn (then it starts afresh).
    const form: Form =
      contact && contact.consentToText !== 'withdrawn' ? { mobileNumber: contact.mobileNumberInWords ?? '', consentToText: contact.consentToText } : {};
    res.render('pages/pathways/contact', { pathway, form, changing: Boolean(contact && contact.consentToText !== 'withdrawn') });
  }

  @Post(':id/contact')
  async record(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { pathway, chosen } = await this.load(person, id, 'contact');
    const consent = form.consentToText === 'yes' ? true : form.consentToText === 'no' ? false : undefined;
    const answer = await this.api.call(person.token, 'PUT', chosen.href, { mobileNumber: String(form.mobileNumber ?? '').trim(), consentToText: consent });
    if (!answer.ok && [400, 409, 422].includes(answer.status)) {
      const errors: FormErrors = fieldErrorsFrom(answer.body, FIELD_IDS);
      return res.status(400).render('pages/pathways/contact', { pathway, form, changing: Boolean(pathway.contact), ...errors });
    }
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = 'Mobile number and consent to texts recorded';
    req.session.save(() => res.redirect(303, `/pathways/${id}`));
  }

  @Get(':id/contact/withdraw')
  async confirmWithdrawal(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { pathway } = await this.load(person, id, 'withdraw-contact');
    res.render('pages/pathways/contact-withdraw', { pathway });
  }

  @Post(':id/contact/withdraw')
  async withdraw(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { pathway, chosen } = await this.load(person, id, 'withdraw-contact');
    const answer = await this.api.call(person.token, 'DELETE', chosen.href);
    if (!answer.ok && [409, 422].includes(answer.status)) return res.status(400).render('pages/pathways/contact-withdraw', { pathway, ...fieldErrorsFrom(answer.body, {}) });
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = 'Consent to texts withdrawn and the mobile number removed';
    req.session.save(() => res.redirect(303, `/pathways/${id}`));
  }

  /** The pathway, and the action this address names if the API offers it to this person now; else there is no such page. */
  private async load(person: SignedIn, id: string, name: Action['name']): Promise<{ pathway: Pathway; chosen: Action }> {
    if (!UUID.test(id)) throw new ApiPageError(404);
    const pathway = await this.api.get(person.token, `/v1/pathways/${id}`);
    const chosen = pathway.actions.find((a) => a.name === name);
    if (!chosen) throw new ApiPageError(404);
    return { pathway, chosen };
  }
}
