/** Policy definitions as the admin API takes them: versioned data, validated to the last offset. */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { ESCALATION_LEVELS, isValidOffset, OWNER_TYPES, TASK_TYPES } from '@throughcare/domain';
import type { Audience, DueAnchor, EscalationLevel, NoticeEvent, OrganisationRole, OwnerType, Policy, TaskType } from '@throughcare/domain';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const AUDIENCES: Audience[] = ['owner', 'owner-managers', 'requester', 'commissioner'];
const ANCHORS: DueAnchor[] = ['release', 'registration', 'created', 'appointment'];

function IsOffset() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOffset',
      target: target.constructor,
      propertyName,
      options: { context: { code: 'not-an-offset' } },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidOffset(value),
        // Bounds (how far) are the domain's checkPolicyBounds, which names the step; this is only the form.
        defaultMessage: () => 'is not an offset: write it like -20WD (working days), +21D (days) or PT30S (a duration with a length)',
      },
    });
}

export class DueRuleDto {
  @IsIn(ANCHORS)
  anchor: DueAnchor;

  @IsOffset()
  offset: string;

  @IsOptional()
  @Matches(TIME_OF_DAY)
  at?: string;
}

export class StepTriggerDto {
  @IsIn(['registration', 'completed'])
  on: 'registration' | 'completed';

  @IsOptional()
  @IsIn(TASK_TYPES)
  step?: TaskType;

  @IsOptional()
  @IsIn(['completed', 'accepted', 'declined', 'acknowledged', 'attended', 'did-not-attend'])
  outcome?: string;
}

export class StepPolicyDto {
  @IsIn(TASK_TYPES)
  type: TaskType;

  @IsIn(OWNER_TYPES)
  owner: OwnerType;

  @IsObject()
  @ValidateNested()
  @Type(() => StepTriggerDto)
  trigger: StepTriggerDto;

  @IsObject()
  @ValidateNested()
  @Type(() => DueRuleDto)
  due: DueRuleDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DueRuleDto)
  lateDue?: DueRuleDto;

  /** The earliest the step can be done, e.g. GP registration not before a month before release. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DueRuleDto)
  notBefore?: DueRuleDto;

  @IsOptional()
  @IsBoolean()
  critical?: boolean;

  @IsOptional()
  @IsIn(['onOst', 'opioidUse'])
  onlyWhen?: 'onOst' | 'opioidUse';

  @IsOptional()
  @IsIn([...OWNER_TYPES, 'commissioner'])
  requester?: OrganisationRole;
}

export class LadderRungDto {
  @IsIn(ESCALATION_LEVELS)
  level: EscalationLevel;

  @IsOffset()
  offset: string;

  @IsOptional()
  @IsOffset()
  notLaterThanBeforeRelease?: string;

  @IsArray()
  @ArrayUnique()
  @IsIn(AUDIENCES, { each: true })
  notify: Audience[];
}

export class TextReminderRuleDto {
  /** Before the appointment: `-1D` (the day before, at `at`) or a duration such as `-PT2H`. @example -1D */
  @IsOffset()
  offset: string;

  /** London time for a day offset, HH:mm. @example 10:00 */
  @IsOptional()
  @Matches(TIME_OF_DAY)
  at?: string;
}

export class QuietHoursDto {
  /** @example 20:00 */
  @Matches(TIME_OF_DAY)
  from: string;

  /** @example 08:00 */
  @Matches(TIME_OF_DAY)
  to: string;
}

/** When the person is texted about their first appointment (docs/design.md, "Texts to the person"). */
export class TextPolicyDto {
  @IsArray()
  @ArrayMaxSize(5)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TextReminderRuleDto)
  reminders: TextReminderRuleDto[];

  /** No text between these London times; leave out only in a test policy that must run at any hour. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto;

  /** A duration such as PT1H: a reminder the quiet hours would push closer than this to the appointment goes the evening before. */
  @IsOffset()
  minimumLead: string;

  /** A duration such as PT5M: how long after sending the delivery is first read. */
  @IsOffset()
  statusCheck: string;
}

// Nested rules must be objects (@IsObject): a list in their place would pass @ValidateNested unchecked.
export class CreatePolicyDto {
  /** A new id starts at version 1; an existing id gets its next version. @example leeds-2027 */
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  id: string;

  @Matches(TIME_OF_DAY)
  dueTime: string;

  @IsInt()
  @Min(0)
  @Max(52)
  lateRegistrationWeeks: number;

  @IsOffset()
  outcomeWindow: string;

  @IsArray()
  @ArrayMinSize(1)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => StepPolicyDto)
  steps: StepPolicyDto[];

  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LadderRungDto)
  ladder: LadderRungDto[];

  /**
   * Who is told of each notice event, by role; an event left out tells whom it does by default
   * (a declined referral the commissioner, a missed first appointment probation). What it names
   * is checked where the policy is saved, and anything wrong refused with a field error in words.
   * @example { "did-not-attend": ["probation", "prison"] }
   */
  @IsOptional()
  @IsObject()
  notices?: Partial<Record<NoticeEvent, OrganisationRole[]>>;

  /**
   * Whom an L2 raised at once (an OST bridge missing at an unplanned release) tells when the
   * ladder has no L2 rung; by default the owner's managers and the requester. Checked as `notices` is.
   * @example ["owner-managers", "requester"]
   */
  @IsOptional()
  @IsArray()
  fallbackL2Notify?: Audience[];

  /** When the person is texted about their first appointment; the default (10:00 the day before, 2 hours before, never 20:00 to 08:00) when absent. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TextPolicyDto)
  texts?: TextPolicyDto;
}

export class SetAreaPolicyDto {
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  policyId: string;
}

export class AreaPolicyResponseDto {
  area: string;
  policyId: string;
}

export class PolicyResponseDto {
  id: string;
  version: number;
  createdAt: string | null;
  definition: Policy;
}
