/**
 * Public profile pages: the organisations whose profile the person may keep, one profile with
 * its sites, and the forms to change it, add, change or remove a site. Who may is the API's
 * answer (`mayChangeProfile` on each organisation it lists): an admin sees every organisation,
 * an organisation's own organisation-admin only theirs; anyone else finds no such page. Each
 * save sends the whole profile (the API's PUT), and the profile page says it was saved.
 */
import { Body, Controller, Get, Param, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiClient, ApiPageError } from '../api/api-client';
import type { Problem } from '../api/api-client';
import type { Schemas } from '../api/api-paths';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { fieldErrorsFrom, FormErrors } from '../common/form-errors';
import { addressInWords, bodyOf, formFromProfile, formFromSite, PROFILE_FIELD_IDS, PROFILE_MESSAGES, profileFromForm, siteFromForm } from './profile-form';
import type { Form, Profile, ProfileBody } from './profile-form';

type Organisation = Schemas['OrganisationResponseDto'];

const CODE = /^[A-Za-z0-9-]{1,40}$/;

@Controller('organisations')
@UseGuards(SignedInGuard)
export class ProfilePagesController {
  constructor(private readonly api: ApiClient) {}

  /** The organisations whose public profile this person may change, as the API says. */
  @Get()
  @Render('pages/organisations/organisations')
  async list(@CurrentPerson() person: SignedIn) {
    const organisations = (await this.api.get(person.token, '/v1/organisations')).filter((o) => o.mayChangeProfile);
    if (organisations.length === 0) throw new ApiPageError(404);
    return { organisations: organisations.sort((a, b) => a.name.localeCompare(b.name)) };
  }

  @Get(':code/profile')
  async profile(@CurrentPerson() person: SignedIn, @Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { organisation, profile } = await this.editable(person, code);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('pages/organisations/profile', {
      organisation,
      profile,
      address: profile ? addressInWords(profile.address) : undefined,
      sites: profile?.sites.map((s) => ({ ...s, addressInWords: addressInWords(s.address) })) ?? [],
      flash,
    });
  }

  @Get(':code/profile/change')
  async changeForm(@CurrentPerson() person: SignedIn, @Param('code') code: string, @Res() res: Response): Promise<void> {
    const { organisation, profile } = await this.editable(person, code);
    res.render('pages/organisations/profile-change', { organisation, form: formFromProfile(profile), adding: !profile });
  }

  @Post(':code/profile/change')
  async change(@CurrentPerson() person: SignedIn, @Param('code') code: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { organisation, profile } = await this.editable(person, code);
    const { body, errors } = profileFromForm(form, profile ? bodyOf(profile).sites! : []);
    const show = (e: FormErrors) => res.status(400).render('pages/organisations/profile-change', { organisation, form, adding: !profile, ...e });
    if (errors.errorList.length > 0) return show(errors);
    const refused = await this.save(person, organisation, body);
    if (refused) return show(refused);
    this.saved(req, res, organisation, 'Public profile saved');
  }

  @Get(':code/profile/sites/new')
  async newSiteForm(@CurrentPerson() person: SignedIn, @Param('code') code: string, @Res() res: Response): Promise<void> {
    const { organisation } = await this.editableWithProfile(person, code);
    res.render('pages/organisations/site-change', { organisation, form: {}, adding: true });
  }

  @Post(':code/profile/sites/new')
  async addSite(@CurrentPerson() person: SignedIn, @Param('code') code: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { organisation, profile } = await this.editableWithProfile(person, code);
    const { site, errors } = siteFromForm(form, profile.sites);
    const show = (e: FormErrors) => res.status(400).render('pages/organisations/site-change', { organisation, form, adding: true, ...e });
    if (errors.errorList.length > 0) return show(errors);
    const refused = await this.save(person, organisation, bodyOf(profile, [...profile.sites, site]), profile.sites.length);
    if (refused) return show(refused);
    this.saved(req, res, organisation, `${site.name} added`);
  }

  @Get(':code/profile/sites/:site')
  async siteForm(@CurrentPerson() person: SignedIn, @Param('code') code: string, @Param('site') siteCode: string, @Res() res: Response): Promise<void> {
    const { organisation, site } = await this.editableSite(person, code, siteCode);
    res.render('pages/organisations/site-change', { organisation, site, form: formFromSite(site) });
  }

  @Post(':code/profile/sites/:site')
  async changeSite(@CurrentPerson() person: SignedIn, @Param('code') code: string, @Param('site') siteCode: string, @Body() form: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { organisation, profile, site } = await this.editableSite(person, code, siteCode);
    const index = profile.sites.findIndex((s) => s.code === site.code);
    const { site: changed, errors } = siteFromForm(form, profile.sites, site.code);
    const show = (e: FormErrors) => res.status(400).render('pages/organisations/site-change', { organisation, site, form, ...e });
    if (errors.errorList.length > 0) return show(errors);
    const refused = await this.save(person, organisation, bodyOf(profile, profile.sites.map((s) => (s.code === site.code ? changed : s))), index);
    if (refused) return show(refused);
    this.saved(req, res, organisation, `${changed.name} saved`);
  }

  @Get(':code/profile/sites/:site/remove')
  async removeSiteForm(@CurrentPerson() person: SignedIn, @Param('code') code: string, @Param('site') siteCode: string, @Res() res: Response): Promise<void> {
    const { organisation, site } = await this.editableSite(person, code, siteCode);
    res.render('pages/organisations/site-remove', { organisation, site, address: addressInWords(site.address) });
  }

  @Post(':code/profile/sites/:site/remove')
  async removeSite(@CurrentPerson() person: SignedIn, @Param('code') code: string, @Param('site') siteCode: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { organisation, profile, site } = await this.editableSite(person, code, siteCode);
    const refused = await this.save(person, organisation, bodyOf(profile, profile.sites.filter((s) => s.code !== site.code)));
    if (refused) throw new ApiPageError(400);
    this.saved(req, res, organisation, `${site.name} removed`);
  }

  /** The organisation, if the API says this person may change its profile (else no such page), and its profile if it has one. */
  private async editable(person: SignedIn, code: string): Promise<{ organisation: Organisation; profile?: Profile }> {
    if (!CODE.test(code)) throw new ApiPageError(404);
    const organisation = (await this.api.get(person.token, '/v1/organisations')).find((o) => o.code === code);
    if (!organisation?.mayChangeProfile) throw new ApiPageError(404);
    const answer = await this.api.call(person.token, 'GET', `/v1/organisations/${encodeURIComponent(code)}/profile`);
    if (answer.status === 404) return { organisation };
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    return { organisation, profile: answer.body as Profile };
  }

  /** Sites belong to a profile: with none yet, its own page says to add it first. */
  private async editableWithProfile(person: SignedIn, code: string): Promise<{ organisation: Organisation; profile: Profile }> {
    const { organisation, profile } = await this.editable(person, code);
    if (!profile) throw new ApiPageError(404);
    return { organisation, profile };
  }

  private async editableSite(person: SignedIn, code: string, siteCode: string) {
    const { organisation, profile } = await this.editableWithProfile(person, code);
    const site = profile.sites.find((s) => s.code === siteCode);
    if (!site) throw new ApiPageError(404);
    return { organisation, profile, site };
  }

  /**
   * PUTs the whole profile; the API's refusal as the form's errors. `siteIndex`: the site a
   * form is about, whose errors (`sites.2.address.postcode`) are its fields'; others are not
   * this form's to show, so they fall to the whole page.
   */
  private async save(person: SignedIn, organisation: Organisation, body: ProfileBody, siteIndex?: number): Promise<FormErrors | undefined> {
    const answer = await this.api.call(person.token, 'PUT', `/v1/organisations/${encodeURIComponent(organisation.code)}/profile`, body);
    if (answer.ok) return undefined;
    if (answer.status !== 400) throw new ApiPageError(answer.status, answer.body);
    const problem = answer.body as Problem;
    const mine = (e: { field: string }) => (siteIndex === undefined ? !e.field.startsWith('sites.') : e.field.startsWith(`sites.${siteIndex}.`));
    return fieldErrorsFrom({ ...problem, errors: (problem.errors ?? []).filter(mine) }, PROFILE_FIELD_IDS, PROFILE_MESSAGES);
  }

  private saved(req: Request, res: Response, organisation: Organisation, message: string): void {
    req.session.flash = message;
    req.session.save(() => res.redirect(303, `/organisations/${encodeURIComponent(organisation.code)}/profile`));
  }
}
