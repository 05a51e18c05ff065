/**
 * The texts' activities: one text sent through GOV.UK Notify, and its delivery read. The
 * number is read here, at send time, where consent is checked (a withdrawal stops what is left);
 * the words are Notify's template, filled from the service's public profile. Logs carry ids
 * only, never the number; each time the number is handed to Notify, the audit trail says so
 * (`pathway.contact-sent-to-notify`, by `system:texts` for the service, the text's id as its
 * correlation id). Each text is sent once: its id is Notify's `reference`, and a retry
 * first asks Notify whether a text with that reference exists (the last try may have been
 * taken by Notify and its answer lost).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/activity';
import { AxiosError } from 'axios';
import { parsePhoneNumber } from 'libphonenumber-js';
import type { NotifyClient } from 'notifications-node-client';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { placeOf, renderText, revealingWord, textPersonalisation, type TextKind, type TextPlace } from '@throughcare/domain';
import type { TextActivities, TextDeliveryStatus, TextSendResult, TextToSend } from '@throughcare/workflows/pathway';
import { notifyClient } from '../notifications/notify-client';
import { TEXTING_CONTACT, type TextingContactLookup } from './texting-contact';

/** Who the audit trail names for a text's number opened and handed to Notify, on behalf of the service it names. */
export const TEXTS_ACTOR = 'system:texts';

const FINAL_STATUSES: ReadonlySet<string> = new Set(['delivered', 'permanent-failure', 'temporary-failure', 'technical-failure']);

interface ProfileRow {
  display_name: string;
  phone: string;
  address: { lines: string[]; town: string; postcode: string };
}

@Injectable()
export class TextActivitiesService {
  private readonly logger = new Logger(TextActivitiesService.name);
  private readonly notify?: NotifyClient;
  private readonly templates: Record<TextKind, string | undefined>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) config: Config,
    @Inject(TEXTING_CONTACT) private readonly contact: TextingContactLookup,
  ) {
    this.notify = notifyClient(config);
    this.templates = { booked: config.NOTIFY_TEMPLATE_ID_SMS_BOOKED, reminder: config.NOTIFY_TEMPLATE_ID_SMS_REMINDER, missed: config.NOTIFY_TEMPLATE_ID_SMS_MISSED };
  }

  activities(): TextActivities {
    return {
      sendText: (text) => this.sendText(text),
      readTextDelivery: (query) => this.readTextDelivery(query),
    };
  }

  async sendText(text: TextToSend): Promise<TextSendResult> {
    const result = await this.send(text);
    this.logger.log({ pathwayId: text.pathwayId, textId: text.textId, kind: text.kind, state: result.state, reason: 'reason' in result ? result.reason : undefined, msg: 'text to the person' });
    return result;
  }

  private async send(text: TextToSend): Promise<TextSendResult> {
    const templateId = this.templates[text.kind];
    if (!this.notify || !templateId) return { state: 'not-sent', reason: 'no-notify-key' };
    // First: a try whose answer was lost may have sent it, and what was sent stays sent whatever
    // changed since (a STOP, a new place): the record and the texted/not-texted report rely on it.
    if (Context.current().info.attempt > 1) {
      const earlier = await this.sentBefore(text.textId);
      if (earlier) return { state: 'sent', notifyId: earlier };
    }
    const contact = await this.contact(text.pathwayId);
    if (!contact) return { state: 'cancelled', reason: 'no-consent' };
    const [profile]: ProfileRow[] = await this.dataSource.query(`SELECT display_name, phone, address FROM organisation_profiles WHERE org_code = $1`, [text.serviceCode]);
    if (!profile) return { state: 'not-sent', reason: 'no-service-phone' };
    const personalisation = textPersonalisation(text.kind, {
      service: profile.display_name,
      phone: parsePhoneNumber(profile.phone).formatNational(),
      appointmentAt: text.appointmentAt ? new Date(text.appointmentAt) : undefined,
      place: textPlace(text.place, profile),
    });
    // A service's name or place that says what the appointment is for is never texted.
    if (revealingWord(renderText(text.kind, personalisation))) return { state: 'not-sent', reason: 'revealing-words' };
    // The number leaves Throughcare for Notify: said in the audit trail as any disclosure is, before it goes.
    await this.dataSource.query(
      `INSERT INTO audit_log (actor_sub, actor_org, actor_roles, action, pathway_id, target, status, correlation_id)
       VALUES ($1, $2, '{}', 'pathway.contact-sent-to-notify', $3, 'pathway-contact', 200, $4)`,
      [TEXTS_ACTOR, text.serviceCode, text.pathwayId, text.textId],
    );
    try {
      const response = await this.notify.sendSms(templateId, contact.mobileNumber, { personalisation, reference: text.textId });
      return { state: 'sent', notifyId: (response.data as { id: string }).id };
    } catch (err) {
      return notifyRefusal(err);
    }
  }

  /** The Notify id of a text already sent under this reference, if the last try's answer was lost. */
  private async sentBefore(reference: string): Promise<string | undefined> {
    try {
      const response = await this.notify!.getNotifications('sms', undefined, reference);
      return (response.data as { notifications: Array<{ id: string }> }).notifications[0]?.id;
    } catch (err) {
      throw retryable(err);
    }
  }

  async readTextDelivery({ notifyId }: { notifyId: string }): Promise<TextDeliveryStatus> {
    if (!this.notify) return 'pending';
    try {
      const response = await this.notify.getNotificationById(notifyId);
      const status = (response.data as { status: string }).status;
      return FINAL_STATUSES.has(status) ? (status as TextDeliveryStatus) : 'pending';
    } catch (err) {
      throw retryable(err);
    }
  }
}

/** The booking's place as the text says it; a booking without one is at the service's main address. */
function textPlace(details: TextToSend['place'], profile: ProfileRow): TextPlace {
  const place = placeOf(details);
  if (place?.channel === 'telephone' || place?.channel === 'video') return { channel: place.channel };
  if (place?.name && place.address) return { channel: 'in-person', name: place.name, address: place.address };
  return { channel: 'in-person', name: profile.display_name, address: [...profile.address.lines, profile.address.town, profile.address.postcode].join(', ') };
}

/**
 * Notify's refusal: a 400 (a number it cannot text, a template it does not hold) is final; a
 * 429, a 5xx or no answer is retried, and after the retries the workflow marks the text failed.
 */
function notifyRefusal(err: unknown): TextSendResult {
  const status = err instanceof AxiosError ? err.response?.status : undefined;
  if (status === 400) return { state: 'failed', reason: 'rejected-by-notify' };
  throw retryable(err);
}

/** A failure with the HTTP status only: Notify's message could quote the number. */
function retryable(err: unknown): ApplicationFailure {
  const status = err instanceof AxiosError ? (err.response?.status ?? err.code) : err instanceof Error ? err.name : 'unknown';
  return ApplicationFailure.retryable(`GOV.UK Notify did not take the request (${status})`, 'NotifyUnavailable');
}
