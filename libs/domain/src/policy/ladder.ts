/**
 * The escalation ladder of one task (DESIGN §3.3): when each level is raised and who is told.
 * Pure, so the workflow can plan its timers and tests can check the times to the minute.
 */
import { HolidayCalendar, LocalDate, londonInstant, londonTimeOf } from '../calendar';
import { shiftInstant } from './offset';
import { Audience, ESCALATION_LEVELS, EscalationLevel, LadderRung, Policy } from './policy';

export interface PlannedEscalation {
  level: EscalationLevel;
  at: Date;
  notify: Audience[];
}

export interface LadderContext {
  dueAt: Date;
  critical: boolean;
  /** T, for the before-release cap. */
  releaseDate: LocalDate;
  /** After release the before-release cap no longer applies. */
  released: boolean;
  /** The pathway's pinned bank holidays. */
  calendar: HolidayCalendar;
}

export function levelRank(level: EscalationLevel): number {
  return ESCALATION_LEVELS.indexOf(level);
}

export function planLadder(policy: Policy, ctx: LadderContext): PlannedEscalation[] {
  const rungs = ctx.critical ? criticalRungs(policy.ladder) : policy.ladder;
  const dueTimeOfDay = londonTimeOf(ctx.dueAt);
  const planned: PlannedEscalation[] = [];
  for (const rung of rungs) {
    let at = shiftInstant(ctx.dueAt, rung.offset, ctx.calendar);
    if (rung.notLaterThanBeforeRelease && !ctx.released) {
      const cap = shiftInstant(londonInstant(ctx.releaseDate, dueTimeOfDay), rung.notLaterThanBeforeRelease, ctx.calendar);
      // Only a cap after the deadline makes sense: a step due after T - 2 WD keeps its own L3 time.
      if (cap > ctx.dueAt && cap < at) at = cap;
    }
    // The ladder only goes up: no level before the one below it.
    const previous = planned.at(-1);
    if (previous && at < previous.at) at = previous.at;
    planned.push({ level: rung.level, at, notify: rung.notify });
  }
  return planned;
}

/** Critical steps start at L2, at the time L1 would have been raised. */
function criticalRungs(ladder: LadderRung[]): LadderRung[] {
  const l1 = ladder.find((r) => r.level === 'L1');
  return ladder
    .filter((r) => levelRank(r.level) >= levelRank('L2'))
    .map((r) => (r.level === 'L2' && l1 ? { ...r, offset: l1.offset } : r));
}

/** How many plans LadderPlans keeps before starting again: far more than a pathway's open tasks. */
const PLANS_KEPT = 1000;

/**
 * One pathway's ladders, planned on its policy and calendar and kept by what they depend on:
 * planning is calendar work, and a workflow asks for every open task's ladder on each wake.
 */
export class LadderPlans {
  private readonly plans = new Map<string, PlannedEscalation[]>();

  constructor(
    private readonly policy: Policy,
    private readonly calendar: HolidayCalendar,
  ) {}

  of(ctx: Omit<LadderContext, 'calendar'>): PlannedEscalation[] {
    const key = `${ctx.dueAt.getTime()}|${ctx.critical}|${ctx.releaseDate}|${ctx.released}`;
    let planned = this.plans.get(key);
    if (!planned) {
      if (this.plans.size >= PLANS_KEPT) this.plans.clear();
      planned = planLadder(this.policy, { ...ctx, calendar: this.calendar });
      this.plans.set(key, planned);
    }
    return planned;
  }
}
