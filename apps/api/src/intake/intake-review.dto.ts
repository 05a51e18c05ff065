/** Movements from HMPPS events left for the prison healthcare team to decide (docs/design.md §11). */
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { REVIEW_KINDS } from '@throughcare/persistence';
import type { ReviewItemKind } from '@throughcare/persistence';
import { CursorShape } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';

export const RESOLUTIONS = ['released', 'returned-to-custody', 'cancelled', 'dismissed'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export class ListReviewsQueryDto extends PageQueryDto {
  static cursorShape: CursorShape = { at: 'instant', id: 'uuid' };

  /** `open` (the default): still to decide; `resolved`: decided, most recent first. */
  @IsOptional()
  @IsIn(['open', 'resolved'])
  state: 'open' | 'resolved' = 'open';

  /** Only this pathway's (the pathway page links to them). */
  @IsOptional()
  @IsUUID()
  pathwayId?: string;
}

export class ResolveReviewDto {
  /**
   * What the team decided, each the pathway action of the same name: `released` records the
   * release on the day of the movement, `returned-to-custody` and `cancelled` close the pathway,
   * `dismissed` changes nothing.
   */
  @IsIn(RESOLUTIONS)
  resolution: Resolution;

  /** Why, in the team's words. @example Confirmed with the hospital: admitted for treatment, still serving */
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class PrisonRefDto {
  /** @example LEI */
  code: string;
  /** @example HMP Leeds */
  name: string | null;
}

export class ReviewPersonDto {
  givenName: string;
  familyName: string;
  /** @example A1234BC */
  prisonNumber: string;
}

export class ReviewResolutionDto {
  resolution: Resolution;
  reason: string;
  resolvedBy: string;
  resolvedAt: string;
}

export class ReviewItemDto {
  id: string;
  pathwayId: string;
  /** @example hospital */
  @IsIn(REVIEW_KINDS)
  kind: ReviewItemKind;
  /** When HMPPS says the movement happened. */
  occurredAt: string;
  /** When Throughcare received it. */
  createdAt: string;
  /** The prison the person left, whose healthcare team decides. */
  prison: PrisonRefDto;
  /** For a transfer: the prison the person went to (one Throughcare does not know). */
  toPrison: PrisonRefDto | null;
  person: ReviewPersonDto;
  /** The resolutions the caller may choose now (empty once resolved). */
  actions: Resolution[];
  resolution: ReviewResolutionDto | null;
}

export class ReviewPageDto {
  items: ReviewItemDto[];
  nextCursor: string | null;
}
