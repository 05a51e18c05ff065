/**
 * The reports' JSON as the OpenAPI document describes it, so a client's generated types cover it
 * (the web app's continuity dashboard reads these). The builders (continuity-of-care.ts,
 * handover-steps.ts) return these shapes; CSV and SVG are other representations of the same.
 * A figure is null when it is suppressed (fewer than 5, for readers outside healthcare).
 */
import { ApiProperty } from '@nestjs/swagger';
import { CONTINUITY_GROUPS, STEP_GROUPS } from './report-query.dto';
import type { ContinuityGroup, StepGroup } from './report-query.dto';

export class RateIntervalDto {
  /** @example 0.61 */
  lower: number;
  /** @example 0.83 */
  upper: number;
}

export class ExclusionCountsDto {
  total: number | null;
  /** Ended by a return to custody (recall or remand). */
  returnedToCustody: number | null;
  cancelled: number | null;
}

export class ContinuityFiguresDto {
  /** People in the group, whatever their outcome. @example 40 */
  people: number | null;
  /** Outcome settled, engaged or not: the denominator. @example 32 */
  released: number | null;
  /** Engaged with community treatment within the window: the numerator. @example 24 */
  engaged: number | null;
  notEngaged: number | null;
  excluded: ExclusionCountsDto;
  /** Outcome not yet settled: not in the rate. */
  stillOpen: number | null;
  /** engaged / released; null when nobody's outcome is settled or the group is suppressed. @example 0.75 */
  rate: number | null;
  /** The rate's 95% Wilson score interval. */
  interval: RateIntervalDto | null;
  /** People still open in the group: the rate may yet change. */
  provisional: boolean | null;
  /** Fewer than 5 people, for a reader outside healthcare: every figure withheld. */
  suppressed: boolean;
}

/** Attendance at first appointments recorded (attended or not), with its rate and 95% Wilson interval. */
export class AttendanceFiguresDto {
  /** First appointments whose attendance was recorded. @example 20 */
  recorded: number | null;
  /** @example 15 */
  attended: number | null;
  /** attended / recorded; null when none is recorded or the figures are suppressed. @example 0.75 */
  rate: number | null;
  /** The rate's 95% Wilson score interval. */
  interval: RateIntervalDto | null;
  /** Fewer than 5, for a reader outside healthcare: every figure withheld. */
  suppressed: boolean;
}

/** Whether the reminders work: attendance of people a text about the appointment reached (sent or delivered), and of people none did. */
export class FirstAppointmentAttendanceDto {
  texted: AttendanceFiguresDto;
  notTexted: AttendanceFiguresDto;
}

export class ContinuityTotalDto {
  all: ContinuityFiguresDto;
  /** The people on opioid substitution therapy at release. */
  onOst: ContinuityFiguresDto;
  firstAppointment: FirstAppointmentAttendanceDto;
}

export class ContinuityGroupRowDto extends ContinuityTotalDto {
  /** The group's values by `groupBy`: `month` (YYYY-MM), `prison`, `area`, `communityTreatment` (codes). @example { "month": "2027-03" } */
  group: Record<string, string>;
}

export class ContinuityReportDto {
  /** What is counted, and how it differs from the national return. */
  definition: string;
  /** @example 2026-04 */
  from: string;
  /** @example 2027-03 */
  to: string;
  @ApiProperty({ enum: CONTINUITY_GROUPS, isArray: true, example: ['month'] })
  groupBy: ContinuityGroup[];
  /** The national ambition for the rate (three in four). @example 0.75 */
  nationalAmbition: number;
  groups: ContinuityGroupRowDto[];
  total: ContinuityTotalDto;
}

export class StepLatenessDto {
  /** @example 1 */
  medianWorkingDays: number | null;
  /** @example 3 */
  p90WorkingDays: number | null;
}

export class EscalationCountsDto {
  reminder: number;
  L1: number;
  L2: number;
  L3: number;
  notice: number;
}

export class StepFiguresDto {
  /** The group's values by `groupBy`: `step` (a task type) and `organisation` (the owner's code). @example { "step": "referral-acceptance" } */
  group: Record<string, string>;
  /** Steps that fell due in the period. */
  due: number | null;
  onTime: number | null;
  /** onTime / due. @example 0.9 */
  shareOnTime: number | null;
  /** How late the late ones were, in working days. */
  lateness: StepLatenessDto | null;
  escalations: EscalationCountsDto | null;
  /** Referrals declined (acceptance steps). */
  declined: number | null;
  /** First appointments missed. */
  didNotAttend: number | null;
  /** Fewer than 5 steps due, for a reader outside healthcare: every figure withheld. */
  suppressed: boolean;
}

export class HandoverStepsReportDto {
  definition: string;
  /** @example 2026-04 */
  from: string;
  /** @example 2027-03 */
  to: string;
  @ApiProperty({ enum: STEP_GROUPS, isArray: true, example: ['step'] })
  groupBy: StepGroup[];
  groups: StepFiguresDto[];
}
