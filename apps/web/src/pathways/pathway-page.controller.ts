/** A pathway as the signed-in person may see it: the person, the day of release, the treatment and the booked appointment where the API shows them, every task, and the history of every step; and the events its prison may record. */
import { Controller, Get, Param, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { offeredActions } from '../tasks/task-actions';
import { offeredEvents } from './pathway-event.controller';
import { contactSummary } from './contact.controller';
import { bookedAppointment, treatmentFacts } from './pathway-facts';
import { areaInWords, outcomeInWords, pathwayHistory } from './pathway-history';
import { MOVEMENT_IN_WORDS } from '../intake/reviews.controller';
import { textsInWords } from './texts-in-words';

/** A change HMPPS reported, as the timeline says it: "HMPPS: released from HMP Leeds, …". */
const HMPPS_CHANGE_IN_WORDS: Record<string, string> = {
  released: 'released from',
  'returned-to-custody': 'admitted to',
  transferred: 'transferred to',
};

/** Who may print the person's plan (the API decides; this only offers the link). */
const PLAN_ROLES = ['prison-healthcare', 'community-treatment'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Controller('pathways')
@UseGuards(SignedInGuard)
export class PathwayPageController {
  constructor(private readonly api: ApiClient) {}

  @Get(':id')
  @Render('pages/pathway')
  async pathway(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!UUID.test(id)) throw new ApiPageError(404);
    const [pathway, reviews] = await Promise.all([this.api.get(person.token, `/v1/pathways/${id}`), this.openReviews(person, id)]);
    const flash = req.session.flash;
    delete req.session.flash;
    const names = (res.locals.orgNames ?? {}) as Record<string, string>;
    const appointment = bookedAppointment(pathway);
    return {
      appointment,
      serviceProfile: appointment ? await this.profile(person, appointment.service) : undefined,
      planLink: PLAN_ROLES.includes(person.role) && pathway.treatment !== null,
      pathway,
      flash,
      area: areaInWords(pathway.destinationArea),
      outcome: pathway.outcome ? outcomeInWords(pathway.outcome) : undefined,
      treatment: treatmentFacts(pathway),
      history: pathwayHistory(pathway, names),
      events: offeredEvents(pathway),
      contact: contactSummary(pathway),
      reviews,
      hmppsWords: HMPPS_CHANGE_IN_WORDS,
      tasks: pathway.tasks.map((task) => ({ ...task, actions: offeredActions(task) })),
      // Healthcare teams only: the API gives no texts (null) to others.
      texts: pathway.texts ? textsInWords(pathway.texts) : undefined,
    };
  }

  /** An organisation's public profile, if it has one. */
  private async profile(person: SignedIn, code: string): Promise<Record<string, unknown> | undefined> {
    const answer = await this.api.call(person.token, 'GET', `/v1/organisations/${encodeURIComponent(code)}/profile`);
    return answer.status === 200 ? answer.body : undefined;
  }

  /** The movements HMPPS reported on this pathway that the caller's prison must decide; none for anyone the API does not show them to. */
  private async openReviews(person: SignedIn, id: string): Promise<Array<{ id: string; words: string; occurredAt: string }>> {
    const answer = await this.api.call(person.token, 'GET', `/v1/intake/reviews?pathwayId=${id}`);
    if (!answer.ok) return [];
    return answer.body.items.map((r) => ({ id: r.id, words: MOVEMENT_IN_WORDS[r.kind] ?? 'A movement', occurredAt: r.occurredAt }));
  }
}
