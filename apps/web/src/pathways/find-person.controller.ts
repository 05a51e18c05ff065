/**
 * Find a person, from the search box on every list page: the pathways the API finds for the
 * words typed (prison number, name, NHS number or date of birth), among those the signed-in
 * person may see. The words stay in the page's address only as typed by the person.
 */
import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { fieldErrorsFrom } from '../common/form-errors';

@Controller('find')
@UseGuards(SignedInGuard)
export class FindPersonController {
  constructor(private readonly api: ApiClient) {}

  @Get()
  async find(@CurrentPerson() person: SignedIn, @Query('q') q: unknown, @Res() res: Response): Promise<void> {
    const text = typeof q === 'string' ? q : '';
    if (!text.trim()) return res.render('pages/find-person', { q: text, pathways: undefined });
    const answer = await this.api.call(person.token, 'GET', `/v1/pathways?${new URLSearchParams({ q: text, limit: '50' })}`);
    if (!answer.ok && answer.status === 400) return res.status(400).render('pages/find-person', { q: text, pathways: [], ...fieldErrorsFrom(answer.body, { q: 'q' }, {}, '#q') });
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    res.render('pages/find-person', { q: text, pathways: answer.body.items, more: Boolean(answer.body.nextCursor) });
  }
}
