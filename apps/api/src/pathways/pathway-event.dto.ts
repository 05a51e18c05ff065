/** Bodies of the pathway events (docs/design.md §3.4). */
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { RELEASE_DATE_TYPES } from '@throughcare/domain';
import type { ActionField, PathwayEventName, ReleaseDateType } from '@throughcare/domain';
import { IsCalendarDate } from '../common/validators';

const RELEASE_KINDS = ['planned', 'unplanned'] as const;

export class ChangeReleaseDateDto {
  /** From eight weeks ago to three years ahead. @example 2027-03-05 */
  @IsCalendarDate({ range: 'release' })
  releaseDate: string;

  @IsIn(RELEASE_DATE_TYPES)
  releaseDateType: ReleaseDateType;

  /** Why the date moved. @example Sentence recalculated after remand time credited */
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class RecordReleaseDto {
  /** Not in the future, nor more than eight weeks ago. @example 2027-03-11 */
  @IsCalendarDate({ range: 'release' })
  releasedOn: string;

  /** `unplanned`: e.g. released from court, without the planned handover. */
  @IsIn(RELEASE_KINDS)
  kind: (typeof RELEASE_KINDS)[number];
}

export class ReturnToCustodyDto {
  /** From eight weeks ago to three years ahead. */
  @IsCalendarDate({ range: 'release' })
  on: string;

  /** @example Recalled */
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class CancelPathwayDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class TransferDto {
  /** The prison the person moves to. @example BMI */
  @Matches(/^[A-Z0-9-]{2,20}$/)
  prisonCode: string;
}

/** Each event's body as the `fields` of its action: what a client asks for (see ActionFieldDto). */
export const EVENT_FIELDS: Record<PathwayEventName, ActionField[]> = {
  'release-date': [
    { name: 'releaseDate', kind: 'date', required: true },
    { name: 'releaseDateType', kind: 'choice', values: RELEASE_DATE_TYPES, required: true },
    { name: 'reason', kind: 'text', required: true },
  ],
  released: [
    { name: 'releasedOn', kind: 'date', required: true },
    { name: 'kind', kind: 'choice', values: RELEASE_KINDS, required: true },
  ],
  'returned-to-custody': [
    { name: 'on', kind: 'date', required: true },
    { name: 'reason', kind: 'text', required: true },
  ],
  transfer: [{ name: 'prisonCode', kind: 'organisation', organisationType: 'prison', required: true }],
  cancel: [{ name: 'reason', kind: 'text', required: true }],
};

/** The body each event takes, for the check that EVENT_FIELDS names every field and no other. */
export const EVENT_BODIES = {
  'release-date': ChangeReleaseDateDto,
  released: RecordReleaseDto,
  'returned-to-custody': ReturnToCustodyDto,
  transfer: TransferDto,
  cancel: CancelPathwayDto,
} satisfies Record<PathwayEventName, new () => object>;
