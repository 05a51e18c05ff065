/**
 * "Your appointments after release": the plan the prison healthcare team prints on release day
 * for the person to take with them. In plain words (GOV.UK content style, a reading age of
 * about 9), one A4 page in print, readable on a phone. The API decides who may open it (the
 * pathway's healthcare teams) and audits each opening; the page only offers it to them.
 */
import { Controller, Get, Param, Render, UseGuards } from '@nestjs/common';
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { dayInWords, timeInWords } from '../common/view-filters';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the person is told about where to go, by how the appointment happens. */
export function whereInWords(appointment: Json): { lead: string; address?: string } {
  switch (appointment.channel) {
    case 'telephone':
      return { lead: `${appointment.service.name} will phone you. Keep your phone switched on.` };
    case 'video':
      return { lead: `It is a video call with ${appointment.service.name}. They will tell you how to join.` };
    default:
      if (appointment.placeName) return { lead: `Go to ${appointment.placeName}.`, address: appointment.placeAddress ?? undefined };
      return { lead: `Go to ${appointment.service.name}.`, address: appointment.service.address ?? undefined };
  }
}

/** The plan's facts in the words the page prints. */
export function planInWords(plan: Json) {
  const appointment = plan.firstAppointment;
  return {
    name: `${plan.givenName} ${plan.familyName}`,
    releaseDay: dayInWords(plan.releaseDay),
    appointment: appointment && {
      day: dayInWords(new Date(appointment.at)),
      time: timeInWords(new Date(appointment.at)),
      where: whereInWords(appointment),
      service: appointment.service,
      whatToBring: appointment.whatToBring,
    },
    pharmacy: plan.pharmacy && { ...plan.pharmacy, from: plan.pharmacy.firstCollectionOn ? dayInWords(plan.pharmacy.firstCollectionOn) : undefined },
    naloxone: plan.naloxone,
    probation: plan.probation,
    contacts: plan.contacts,
  };
}

@Controller('pathways')
@UseGuards(SignedInGuard)
export class PlanPageController {
  constructor(private readonly api: ApiClient) {}

  @Get(':id/plan')
  @Render('pages/pathways/plan')
  async plan(@CurrentPerson() person: SignedIn, @Param('id') id: string) {
    if (!UUID.test(id)) throw new ApiPageError(404);
    const plan = await this.api.get(person.token, `/v1/pathways/${id}/plan`);
    return { pathwayId: id, plan: planInWords(plan) };
  }
}
