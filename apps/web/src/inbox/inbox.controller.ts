/**
 * The inbox: what the organisation was told (new handover tasks, escalations, notices,
 * releases, outcomes), newest first, unread ones by default, each linked to its pathway, and
 * marked read for the whole organisation. The API decides what each organisation sees.
 */
import { Controller, Get, Param, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
const STATES = ['unread', 'all'] as const;

/** What a message says, in words. */
export const EVENT_IN_WORDS: Record<string, string> = {
  'task.created': 'New task',
  'task.escalated': 'Escalated',
  'task.completed': 'Done by another organisation',
  'pathway.notice': 'For your information',
  'pathway.released': 'Released',
  'pathway.outcome': 'Pathway ended',
  'webhook.paused': 'Webhook paused',
};

@Controller('inbox')
@UseGuards(SignedInGuard)
export class InboxController {
  constructor(private readonly api: ApiClient) {}

  @Get()
  @Render('pages/inbox/inbox')
  async inbox(@CurrentPerson() person: SignedIn, @Req() req: Request, @Query('state') state?: string, @Query('cursor') cursor?: string) {
    const chosen = STATES.find((s) => s === state) ?? 'unread';
    const query = new URLSearchParams({ state: chosen, limit: '25' });
    if (cursor && CURSOR.test(cursor)) query.set('cursor', cursor);
    const page = await this.api.get(person.token, `/v1/notifications?${query}`);
    const flash = req.session.flash;
    req.session.flash = undefined;
    return {
      messages: page.items,
      state: chosen,
      events: EVENT_IN_WORDS,
      flash,
      nextHref: page.nextCursor ? `/inbox?${new URLSearchParams({ state: chosen, cursor: page.nextCursor })}` : undefined,
      firstHref: cursor ? `/inbox?${new URLSearchParams({ state: chosen })}` : undefined,
    };
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
