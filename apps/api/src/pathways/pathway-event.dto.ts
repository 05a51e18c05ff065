/** Bodies of the pathway events (docs/design.md §3.4). */
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { RELEASE_DATE_TYPES } from '@throughcare/domain';
import type { ReleaseDateType } from '@throughcare/domain';
import { IsCalendarDate } from '../common/validators';

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
  @IsIn(['planned', 'unplanned'])
  kind: 'planned' | 'unplanned';
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
