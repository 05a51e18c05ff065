/**
 * Administration, read only (admins): the organisations with the areas they serve and their
 * public profiles (the name shown to people and the phone number, each a link to its profile
 * page where the API says the admin may change it), and the policies with their steps and
 * escalation ladder, as the API lists them. Other changes stay with the API's admin endpoints.
 */
import { Controller, Get, Render, UseGuards } from '@nestjs/common';
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';

/** An organisation and its profile, as the page lists them. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TYPE_ORDER = ['prison', 'community-treatment', 'probation', 'commissioner', 'operator'];

@Controller('admin')
@UseGuards(SignedInGuard)
export class AdminController {
  constructor(private readonly api: ApiClient) {}

  @Get()
  @Render('pages/admin/admin')
  async admin(@CurrentPerson() person: SignedIn) {
    if (person.role !== 'admin') throw new ApiPageError(404);
    const [organisations, policies] = (await Promise.all([this.api.get(person.token, '/v1/organisations'), this.api.get(person.token, '/v1/policies')])) as unknown as [Json[], Json[]];
    const profiles = await Promise.all(organisations.map(async (o) => {
      const answer = await this.api.call(person.token, 'GET', `/v1/organisations/${encodeURIComponent(String(o.code))}/profile`);
      return answer.status === 200 ? answer.body : null;
    }));
    return {
      organisations: organisations.map((o, i): Json => ({ ...o, profile: profiles[i] })).sort((a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || String(a.code).localeCompare(String(b.code))),
      policies,
    };
  }
}
