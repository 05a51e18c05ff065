/** The period and grouping of a report: calendar months of the day of release, and the dimensions to split by. */
import { Transform } from 'class-transformer';
import { ArrayUnique, IsIn, IsOptional, Matches } from 'class-validator';

const MONTH = /^(20[0-9]{2})-(0[1-9]|1[0-2])$/;

export const CONTINUITY_GROUPS = ['month', 'prison', 'area', 'community-treatment'] as const;
export type ContinuityGroup = (typeof CONTINUITY_GROUPS)[number];
export const STEP_GROUPS = ['step', 'organisation'] as const;
export type StepGroup = (typeof STEP_GROUPS)[number];

/** `a,b` or `?groupBy=a&groupBy=b`, as one list. */
const list = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).map((v) => (typeof v === 'string' ? v.trim() : v));

class PeriodQueryDto {
  /** First month of the period (day of release, actual or else expected), YYYY-MM. Default: eleven months before `to`. @example 2026-04 */
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month YYYY-MM between 2000-01 and 2099-12' })
  from?: string;

  /** Last month of the period, inclusive. Default: this month. @example 2027-03 */
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month YYYY-MM between 2000-01 and 2099-12' })
  to?: string;
}

export class ContinuityQueryDto extends PeriodQueryDto {
  /** One or more of month, prison, area, community-treatment, comma-separated. @example month,prison */
  @IsOptional()
  @Transform(list)
  @ArrayUnique()
  @IsIn(CONTINUITY_GROUPS, { each: true })
  groupBy: ContinuityGroup[] = ['month'];
}

export class HandoverStepsQueryDto extends PeriodQueryDto {
  /** step, organisation, or both. @example step */
  @IsOptional()
  @Transform(list)
  @ArrayUnique()
  @IsIn(STEP_GROUPS, { each: true })
  groupBy: StepGroup[] = ['step'];
}

export class ContinuityChartQueryDto extends PeriodQueryDto {}
