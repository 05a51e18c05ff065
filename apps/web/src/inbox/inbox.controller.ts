/**
 * The inbox as a to-do list: what the organisation was told (new handover tasks, escalations,
 * notices, releases, outcomes), newest first and grouped by day, unread ones by default, each
 * naming the person (where the API lets the caller see who) and what happened in words
 * (inbox-words.ts), linked to its pathway, and marked read, one or all shown, for the whole
 * organisation. The API decides what each organisation sees.
 */
import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { OrganisationDirectory } from '../common/organisation-directory';
import { inboxDays } from './inbox-words';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
const STATES = ['unread', 'all'] as const;

@Controller('inbox')
@UseGuards(SignedInGuard)
export class InboxController {
  constructor(
    private readonly api: ApiClient,
    private readonly directory: OrganisationDirectory,
  ) {}

  @Get()
  @Render('pages/inbox/inbox')
  async inbox(@CurrentPerson() person: SignedIn, @Req() req: Request, @Query('state') state?: string, @Query('cursor') cursor?: string) {
    const chosen = STATES.find((s) => s === state) ?? 'unread';
    const query = new URLSearchParams({ state: chosen, limit: '25' });
    if (cursor && CURSOR.test(cursor)) query.set('cursor', cursor);
    const [page, names] = await Promise.all([this.api.get(person.token, `/v1/notifications?${query}`), this.directory.names(person.token)]);
    const flash = req.session.flash;
    req.session.flash = undefined;
    const messages = page.items as Array<{ id: string; readAt: string | null }>;
    return {
      days: inboxDays(messages, names),
      unreadIds: messages.filter((m) => !m.readAt).map((m) => m.id),
      state: chosen,
      flash,
      nextHref: page.nextCursor ? `/inbox?${new URLSearchParams({ state: chosen, cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `/inbox?${new URLSearchParams({ state: chosen })}` : undefined,
    };
  }

  /** "Mark all as read": the unread messages the page showed, sent back by its form. */
  @Post('read')
  async markAllRead(@CurrentPerson() person: SignedIn, @Body('ids') ids: string | string[] | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const shown = (Array.isArray(ids) ? ids : ids ? [ids] : []).filter((id) => UUID.test(id)).slice(0, 100);
    if (shown.length > 0) {
      const answer = await this.api.call(person.token, 'POST', '/v1/notifications/read', { ids: shown });
      if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    }
    req.session.flash = shown.length === 1 ? '1 message marked as read' : `${shown.length} messages marked as read`;
    req.session.save(() => res.redirect(303, '/inbox'));
  }

  @Post(':id/read')
  async markRead(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!UUID.test(id)) throw new ApiPageError(404);
    const answer = await this.api.call(person.token, 'POST', `/v1/notifications/${id}/read`, {});
    if (answer.status !== 200) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = 'Marked as read';
    req.session.save(() => res.redirect(303, '/inbox'));
  }
}
