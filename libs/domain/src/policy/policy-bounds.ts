/**
 * What a policy may say, checked where it is saved: every offset within what a person would
 * choose (a year of days, 260 working days, a duration of a year at most, and a duration that
 * has a length), and an outcome window that ends after release and within a year. The calendar
 * refuses far larger moves on its own (MAX_WORKING_DAYS_COUNTED) for policies stored before
 * these bounds; these are the bounds of sense, not of arithmetic. Each problem names the field
 * and, in its words, the step or rung it belongs to. Who is told of notices and of an L2 with
 * no rung must be organisations the pathway has (or, for the L2, the ladder's audiences), each
 * named once, and at least one: a policy stored before these fields keeps the defaults.
 */
import { isValidOffset, parseOffset, ParsedOffset } from './offset';
import type { TextPolicy } from '../texts/text-policy';
import { AUDIENCES, NOTICE_EVENTS, ORGANISATION_ROLES } from './policy';
import type { DueRule, LadderRung, NoticeEvent, Policy, StepPolicy } from './policy';

export const POLICY_BOUNDS = {
  /** Calendar days either way: a year, leap day included. */
  days: 366,
  /** Working days either way: a year of them. */
  workingDays: 260,
  /** A duration's length in days, months counted as 30 and years as 365. */
  durationDays: 366,
} as const;

export interface PolicyProblem {
  /** The field's path in the policy, as the API's field errors name it: `steps.0.due.offset`. */
  field: string;
  message: string;
  /** The stable code of the rule broken, in the API's field-error vocabulary (`not-one-of`, `duplicate`…), where one is given. */
  code?: string;
}

/** Why an offset is out of bounds, in words after `subject` ("the assessment step's deadline"), or undefined when it is within them. */
export function offsetBoundsProblem(offset: string, subject: string): string | undefined {
  let parsed: ParsedOffset;
  try {
    parsed = parseOffset(offset);
  } catch {
    return `${subject} is not an offset: write it like -20WD, +21D or PT30S`;
  }
  if (parsed.kind === 'days') {
    const limit = parsed.working ? POLICY_BOUNDS.workingDays : POLICY_BOUNDS.days;
    const unit = parsed.working ? 'working days' : 'days';
    return Math.abs(parsed.days) > limit ? `${subject} is more than ${limit} ${unit} away: choose ${limit} ${unit} or fewer` : undefined;
  }
  const parts = Object.values(parsed.duration.toObject());
  if (parts.some((n) => n < 0)) return `${subject} has a minus sign inside the duration: put the sign in front, like -P1D`;
  if (parsed.duration.as('days') > POLICY_BOUNDS.durationDays) return `${subject} is longer than a year: choose a duration of a year or less, like P1M or PT30S`;
  return undefined;
}

/** The parts of a policy the bounds read: a definition as the admin API takes it will do. */
export interface BoundedPolicy extends Pick<Policy, 'outcomeWindow'> {
  /** As the API takes them: checked here for what they name, whatever their type. */
  notices?: object;
  fallbackL2Notify?: unknown;
  texts?: TextPolicy;
  steps: ReadonlyArray<Pick<StepPolicy, 'type' | 'due' | 'lateDue' | 'notBefore'>>;
  ladder: ReadonlyArray<Pick<LadderRung, 'level' | 'offset' | 'notLaterThanBeforeRelease'>>;
}

/** Every way the policy's offsets and outcome window leave the bounds; empty when none does. */
export function checkPolicyBounds(policy: BoundedPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const check = (field: string, offset: string, subject: string) => {
    const message = offsetBoundsProblem(offset, subject);
    if (message) problems.push({ field, message });
  };
  policy.steps.forEach((step, i) => {
    for (const [rule, words] of STEP_RULES) {
      const due = step[rule] as DueRule | undefined;
      if (due) check(`steps.${i}.${rule}.offset`, due.offset, `the ${step.type} step's ${words}`);
    }
  });
  policy.ladder.forEach((rung, i) => {
    check(`ladder.${i}.offset`, rung.offset, `the ${rung.level} escalation's time`);
    if (rung.notLaterThanBeforeRelease) check(`ladder.${i}.notLaterThanBeforeRelease`, rung.notLaterThanBeforeRelease, `the ${rung.level} escalation's latest time before release`);
  });
  const window = outcomeWindowProblem(policy.outcomeWindow);
  if (window) problems.push({ field: 'outcomeWindow', message: window });
  problems.push(...audienceProblems(policy));
  if (policy.texts) checkTextPolicy(policy.texts, check, problems);
  return problems;
}

/** Reminders come before the appointment; the lead and the delivery read are lengths of time. */
function checkTextPolicy(texts: TextPolicy, check: (field: string, offset: string, subject: string) => void, problems: PolicyProblem[]): void {
  texts.reminders.forEach((rule, i) => {
    const field = `texts.reminders.${i}.offset`;
    if (!rule.offset.startsWith('-')) problems.push({ field, message: 'A reminder comes before the appointment: start its offset with a minus sign, like -1D or -PT2H' });
    else if (/WD$/.test(rule.offset)) problems.push({ field, message: 'A reminder counts calendar days, not working days: write it like -1D' });
    else check(field, rule.offset, 'the reminder');
  });
  for (const key of ['minimumLead', 'statusCheck'] as const) {
    const offset = texts[key];
    const parsed = /^P/.test(offset) && isValidOffset(offset) ? parseOffset(offset) : undefined;
    if (parsed?.kind !== 'duration' || parsed.duration.as('seconds') < 1) problems.push({ field: `texts.${key}`, message: `texts.${key} is a length of time of a second or more, with no sign: write it like PT1H or PT30S` });
    else check(`texts.${key}`, offset, `texts.${key}`);
  }
}

/** What each notice event is called in a problem's words. */
const NOTICE_WORDS: Record<NoticeEvent, string> = {
  'referral-declined': 'a declined referral',
  'did-not-attend': 'a missed first appointment',
};

/** Lists words as "a, b or c". */
const either = (words: readonly string[]) => `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

/** Why a list of whom to tell is not one, in words after `subject`, with its code; undefined when it is one. */
function tellListProblem(list: unknown, allowed: readonly string[], subject: string): { message: string; code: string } | undefined {
  const choose = `choose one or more of ${either(allowed)}`;
  if (!Array.isArray(list)) return { message: `${subject} must be a list: ${choose}`, code: 'wrong-type' };
  if (list.length === 0) return { message: `${subject} names nobody: ${choose}`, code: 'required' };
  const unknown = list.find((who) => !allowed.includes(who as string));
  if (unknown !== undefined) return { message: `${subject} names ${JSON.stringify(unknown)}, which is not one of them: ${choose}`, code: 'not-one-of' };
  const twice = list.find((who, i) => list.indexOf(who) !== i);
  if (twice !== undefined) return { message: `${subject} names ${twice} twice: name each once`, code: 'duplicate' };
  return undefined;
}

/** Every way the notices' audiences and the fallback L2 audience name someone the pathway cannot tell. */
function audienceProblems(policy: BoundedPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const [event, list] of Object.entries(policy.notices ?? {})) {
    const field = `notices.${event}`;
    if (!(NOTICE_EVENTS as readonly string[]).includes(event)) {
      problems.push({ field, message: `${event} is not an event that gives notice: use ${either(NOTICE_EVENTS)}`, code: 'unknown-field' });
      continue;
    }
    const problem = tellListProblem(list, ORGANISATION_ROLES, `the notice of ${NOTICE_WORDS[event as NoticeEvent]}`);
    if (problem) problems.push({ field, ...problem });
  }
  if (policy.fallbackL2Notify !== undefined) {
    const problem = tellListProblem(policy.fallbackL2Notify, AUDIENCES, 'the fallback L2 audience (whom an L2 tells when the ladder has no L2 rung)');
    if (problem) problems.push({ field: 'fallbackL2Notify', ...problem });
  }
  return problems;
}

const STEP_RULES: ReadonlyArray<[keyof Pick<StepPolicy, 'due' | 'lateDue' | 'notBefore'>, string]> = [
  ['due', 'deadline'],
  ['lateDue', 'deadline when registered late'],
  ['notBefore', 'earliest start'],
];

/**
 * The outcome window counts from release, forwards: a window that ends before release would
 * close a pathway as not engaged before the person is out. It is counted in calendar days (or
 * a duration), as the continuity-of-care measure is: `+15WD` would silently mean 15 days.
 */
function outcomeWindowProblem(window: string): string | undefined {
  const subject = 'the outcome window';
  let parsed: ParsedOffset;
  try {
    parsed = parseOffset(window);
  } catch {
    return offsetBoundsProblem(window, subject);
  }
  if (parsed.kind === 'days' && parsed.working) return `${subject} counts calendar days: write it in days, like +21D, not working days`;
  const positive = parsed.kind === 'days' ? parsed.days > 0 : !parsed.negative && parsed.duration.as('milliseconds') > 0;
  if (!positive) return `${subject} must end after release: choose at least a day, like +21D, or a positive duration`;
  return offsetBoundsProblem(window, subject);
}
