/**
 * Signing in and out. In development and tests: choose one of the organisations the API
 * knows, and sign in as its team, with a development token (the same key `npm run token`
 * uses). In production: OpenID Connect, authorisation code flow with PKCE, against the
 * identity provider whose tokens the API trusts; the development sign-in is refused there.
 */
import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { signDevelopmentToken } from '@throughcare/auth';
import { ApiClient } from '../api/api-client';
import type { Schemas } from '../api/api-paths';
import { WebConfig } from '../web-config';
import { profileLinkFor } from '../organisations/profile-link';
import { OidcSignIn, SignInNotCompleted } from './oidc-sign-in';
import type { SignedIn } from './signed-in';

/** The role each kind of organisation signs in with. */
const ROLE_OF_TYPE: Record<string, string> = {
  prison: 'prison-healthcare',
  'community-treatment': 'community-treatment',
  probation: 'probation',
  commissioner: 'commissioner',
  operator: 'admin',
};

const TYPE_HEADINGS: Record<string, string> = {
  prison: 'Prison healthcare teams',
  'community-treatment': 'Community treatment services',
  probation: 'Probation delivery units',
  commissioner: 'Commissioners',
  operator: 'Operators',
};

@Controller()
export class SignInController {
  constructor(
    @Inject(WebConfig) private readonly config: WebConfig,
    private readonly api: ApiClient,
    private readonly oidc: OidcSignIn,
  ) {}

  @Get('sign-in')
  async signInPage(@Res() res: Response): Promise<void> {
    if (!this.config.developmentSignIn) return res.redirect(303, await this.oidc.start(res));
    res.render('pages/sign-in', { groups: await this.organisationGroups() });
  }

  @Post('sign-in')
  async signIn(@Req() req: Request, @Res() res: Response, @Body('organisation') code?: string, @Body('organisationAdmin') organisationAdmin?: string): Promise<void> {
    if (!this.config.developmentSignIn) return res.status(404).render('pages/not-found');
    const groups = await this.organisationGroups();
    const organisation = groups.flatMap((g) => g.organisations).find((o) => o.code === code);
    if (!organisation) {
      const error = { text: 'Select the organisation you work for', href: '#organisation' };
      return res.status(400).render('pages/sign-in', { groups, errors: { organisation: error }, errorList: [error] });
    }
    const role = ROLE_OF_TYPE[organisation.type];
    const sub = `${organisation.code.toLowerCase()}-web`;
    // Also the organisation's own administrator, who keeps its public profile, when asked.
    const roles = organisationAdmin === 'yes' && role !== 'admin' ? [role, 'organisation-admin'] : [role];
    const token = await signDevelopmentToken({ org: organisation.code, roles, sub, name: `${organisation.name} worker` });
    await this.signedIn(req, res, { token, sub, name: `${organisation.name} worker`, org: organisation.code, orgName: organisation.name, role });
  }

  @Get('sign-in/callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.config.developmentSignIn) return res.status(404).render('pages/not-found');
    const user = await this.oidc.finish(req, res).catch((err: unknown) => {
      if (err instanceof SignInNotCompleted) return undefined;
      throw err;
    });
    if (!user) {
      // A callback out of turn (an old bookmark, a second tab, a sign-in refused at the provider).
      return res.status(400).render('pages/problem', {
        title: 'You have not been signed in',
        message: 'The sign-in was not completed, or took too long.',
        next: { href: '/sign-in', text: 'Sign in again' },
      });
    }
    await this.signedIn(req, res, user);
  }

  /** A fresh session for the person, with the navigation's link to the profiles the API says they may change. */
  private async signedIn(req: Request, res: Response, user: SignedIn): Promise<void> {
    const profileLink = await profileLinkFor(this.api, user.token);
    req.session.regenerate(() => {
      req.session.user = { ...user, ...(profileLink ? { profileLink } : {}) };
      req.session.save(() => res.redirect(303, '/'));
    });
  }

  @Post('sign-out')
  signOut(@Req() req: Request, @Res() res: Response): void {
    req.session.destroy(() => res.redirect(303, '/sign-in'));
  }

  /** The organisations the API knows, by kind, read with a short-lived development token (development only). */
  private async organisationGroups(): Promise<Array<{ heading: string; organisations: Array<Schemas['OrganisationResponseDto']> }>> {
    const token = await signDevelopmentToken({ org: 'THC-OPS', roles: ['admin'], sub: 'web-sign-in', ttl: '1m' });
    const organisations = await this.api.get(token, '/v1/organisations');
    return Object.keys(TYPE_HEADINGS)
      .map((type) => ({ heading: TYPE_HEADINGS[type], organisations: organisations.filter((o) => o.type === type) }))
      .filter((g) => g.organisations.length > 0);
  }
}
