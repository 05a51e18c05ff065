/** The admin view of HMPPS events: counts and messages put aside, with no personal data. */
import { CursorShape } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';

export class IntakeEventsQueryDto extends PageQueryDto {
  /** The cursor walks the messages put aside (the counts are whole on every page). */
  static cursorShape: CursorShape = { at: 'instant', id: 'uuid' };
}

export class IntakeEventCountDto {
  /** An event type Throughcare reads, `other`, or `unreadable` (no type could be read). @example prison-offender-events.prisoner.released */
  eventType: string;
  /** What became of the messages: applied, review, unknown-person, duplicate, put-aside, ... @example applied */
  outcome: string;
  count: number;
  /** The London day of the last message counted. */
  lastDay: string;
}

export class PutAsideMessageDto {
  /** Its id in the list of messages put aside. */
  id: string;
  /** SQS's id of the message, to find it in the dead-letter queue. */
  sqsMessageId: string | null;
  /** Why: not-json, no-event-type, too-large, nul-character, kept-failing, ... */
  reason: string;
  eventType: string;
  putAsideAt: string;
}

export class IntakeEventsDto {
  counts: IntakeEventCountDto[];
  putAside: PutAsideMessageDto[];
  /** The next page of messages put aside. */
  nextCursor: string | null;
}
