/**
 * Reads one SQS message as HMPPS delivers it: the SNS notification envelope (`Type`,
 * `MessageId`, `Message` as a JSON string, `Timestamp`, `MessageAttributes.eventType.Value`)
 * around the domain event (`eventType`, `version`, `occurredAt`, `additionalInformation`,
 * `personReference.identifiers[]`). Unknown fields are ignored and optional ones may be missing;
 * what cannot be read safely is refused with a reason that names no person, and is put aside.
 */
import { DateTime } from 'luxon';

/** SQS's own limit; a larger body is not an HMPPS event. */
export const MAX_BODY_BYTES = 256 * 1024;
const MAX_FIELD_CHARS = 1_000;
const PRISON_NUMBER = /^[A-Z][0-9]{4}[A-Z]{2}$/;
const MESSAGE_ID = /^[A-Za-z0-9-]{1,100}$/;
const EVENT_TYPE = /^[a-z0-9.-]{1,200}$/;

export interface HmppsEvent {
  /** The SNS MessageId: the inbox's first key. */
  messageId: string;
  eventType: string;
  occurredAt: Date;
  /** `nomsNumber` (or `prisonerId`, calculate-release-dates' key) from additionalInformation, else the NOMS identifier in personReference. */
  prisonNumber?: string;
  /** The string values of additionalInformation (others are ignored). */
  info: Record<string, string>;
  /** Prisoner Search's `categoriesChanged` (`SENTENCE`, `PERSONAL_DETAILS`, ...), when given. */
  categoriesChanged?: string[];
}

export type Refusal = 'too-large' | 'not-json' | 'not-a-notification' | 'no-message-id' | 'event-not-json' | 'no-event-type' | 'bad-occurred-at' | 'nul-character' | 'field-too-long' | 'bad-prison-number';

export type ParseResult = { ok: true; event: HmppsEvent } | { ok: false; refusal: Refusal };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const refuse = (refusal: Refusal): ParseResult => ({ ok: false, refusal });

export function parseHmppsMessage(body: string): ParseResult {
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) return refuse('too-large');
  const envelope = parseJson(body);
  if (!isObject(envelope)) return refuse('not-json');
  if (envelope.Type !== 'Notification' || typeof envelope.Message !== 'string') return refuse('not-a-notification');
  if (typeof envelope.MessageId !== 'string' || !MESSAGE_ID.test(envelope.MessageId)) return refuse('no-message-id');
  const event = parseJson(envelope.Message);
  if (!isObject(event)) return refuse('event-not-json');
  // PostgreSQL text cannot hold a NUL, and no HMPPS field has one: the message is not one of theirs.
  if (envelope.Message.includes('\u0000') || JSON.stringify(event).includes('\\u0000')) return refuse('nul-character');
  const attribute = isObject(envelope.MessageAttributes) && isObject(envelope.MessageAttributes.eventType) ? envelope.MessageAttributes.eventType.Value : undefined;
  const eventType = typeof attribute === 'string' && attribute ? attribute : event.eventType;
  if (typeof eventType !== 'string' || !EVENT_TYPE.test(eventType)) return refuse('no-event-type');
  const occurredAt = instant(event.occurredAt);
  if (!occurredAt) return refuse('bad-occurred-at');
  const info: Record<string, string> = {};
  if (isObject(event.additionalInformation)) {
    for (const [key, value] of Object.entries(event.additionalInformation)) {
      if (typeof value !== 'string') continue;
      if (value.length > MAX_FIELD_CHARS) return refuse('field-too-long');
      info[key] = value;
    }
  }
  const prisonNumber = info.nomsNumber ?? info.prisonerId ?? nomsIdentifier(event.personReference);
  if (prisonNumber !== undefined && !PRISON_NUMBER.test(prisonNumber)) return refuse('bad-prison-number');
  const categories = isObject(event.additionalInformation) ? event.additionalInformation.categoriesChanged : undefined;
  const categoriesChanged = Array.isArray(categories) ? categories.filter((c): c is string => typeof c === 'string' && c.length <= MAX_FIELD_CHARS) : undefined;
  return { ok: true, event: { messageId: envelope.MessageId, eventType, occurredAt, prisonNumber, info, ...(categoriesChanged ? { categoriesChanged } : {}) } };
}

/** An ISO date-time; one without an offset is London time, as NOMIS records it. */
function instant(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const parsed = DateTime.fromISO(value, { zone: 'Europe/London' });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function nomsIdentifier(reference: unknown): string | undefined {
  if (!isObject(reference) || !Array.isArray(reference.identifiers)) return undefined;
  const noms = reference.identifiers.find((i: unknown) => isObject(i) && i.type === 'NOMS' && typeof i.value === 'string') as Json | undefined;
  return noms?.value as string | undefined;
}
