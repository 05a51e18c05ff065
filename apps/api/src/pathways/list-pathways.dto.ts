import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PATHWAY_OUTCOMES } from '@throughcare/domain';
import type { PathwayOutcome } from '@throughcare/domain';
import { PATHWAY_STATUSES } from '@throughcare/persistence';
import type { PathwayStatusColumn } from '@throughcare/persistence';
import type { CursorShape } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';
import { AREA_CODE, IsCalendarDate } from '../common/validators';
import { SEARCH_MAX_LENGTH } from './person-search';

export const PATHWAY_SORTS = ['release', '-release', 'due'] as const;
export type PathwaySort = (typeof PATHWAY_SORTS)[number];

export class ListPathwaysQueryDto extends PageQueryDto {
  /** Pathways are sorted by day of release, then id (the cursor's `at` a date), or by the caller's next task due, then id (an instant). */
  static cursorShape: CursorShape = { at: 'either', id: 'uuid' };

  @IsOptional()
  @IsIn(PATHWAY_STATUSES)
  status?: PathwayStatusColumn;

  /**
   * `release`: soonest day of release first (the default); `-release`: latest first; `due`: by
   * when the caller's organisation's soonest open task on the pathway is due (`nextDueAt`),
   * soonest first, pathways with none last.
   */
  @IsOptional()
  @IsIn(PATHWAY_SORTS)
  sort?: PathwaySort;

  /** How the pathway ended (closed pathways only): engaged, not-engaged or excluded. @example not-engaged */
  @IsOptional()
  @IsIn(PATHWAY_OUTCOMES)
  outcome?: PathwayOutcome;

  /** The prison holding the person. @example LEI */
  @IsOptional()
  @Matches(/^[A-Z0-9-]{2,20}$/)
  prison?: string;

  /** Destination local authority area. @example E08000035 */
  @IsOptional()
  @Matches(AREA_CODE)
  area?: string;

  /** Expected (or actual) day of release on or after. */
  @IsOptional()
  @IsCalendarDate()
  releaseFrom?: string;

  /** Expected (or actual) day of release on or before. */
  @IsOptional()
  @IsCalendarDate()
  releaseTo?: string;

  /**
   * Find a person: a prison number (A1234BC), an NHS number, a date of birth (12/4/1985 or
   * 1985-04-12), or a name or part of one, accent- and case-insensitive ("zoe exa" finds Zoë
   * Example). Searches only the pathways the caller may see, as the other filters do; `%` and
   * `_` are text, not wildcards. Audited: each pathway found is recorded as seen, the words
   * searched are not. @example A1234BC
   */
  @IsOptional()
  @IsString()
  @Matches(/\S/)
  @MaxLength(SEARCH_MAX_LENGTH)
  q?: string;
}
