/** Policy definitions as the admin API takes them: versioned data, validated to the last offset. */
import { Type } from 'class-transformer';
import {
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
