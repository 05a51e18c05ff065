/**
 * A policy tried before it is stored: every step's deadline, earliest start and escalations,
 * and the outcome window, planned for sample people (on OST with opioid use, registered in good
 * time and late, released as planned and without notice, the first appointment booked). A
 * policy that cannot plan them would fail every pathway it starts, so it is refused instead,
 * naming the step. The same pure rules as the pathway's workflow, with the same pinned calendar.
 */
import { addDays, LocalDate, londonDateOf, londonInstant, nextWorkingDay, pinHolidayCalendar } from '../calendar';
import { outcomeWindowEnd } from '../pathway/outcome';
import { latestFirstAppointmentDate } from './appointment-rule';
import { DeadlineContext, dueAt, stepDueAt } from './deadline';
import { planLadder } from './ladder';
import type { Policy } from './policy';
import type { PolicyProblem } from './policy-bounds';

interface Sample {
  releaseDate: LocalDate;
  release?: 'planned' | 'unplanned';
  /** How the sample reads in a problem: "registered late and released without notice". */
  words: string;
}

/** What stops the policy planning the sample people's pathways, one problem per step or field; empty when it plans them all. */
export function planningProblems(policy: Policy, now: Date): PolicyProblem[] {
  const today = londonDateOf(now);
  const calendar = pinHolidayCalendar(today);
  const problems = new Map<string, PolicyProblem>();
  const fail = (field: string, message: string) => problems.has(field) || problems.set(field, { field, message });

  let people: Sample[];
  try {
    people = samples(policy, today);
  } catch {
    return [{ field: 'lateRegistrationWeeks', message: 'the weeks before release that make a registration late could not be counted: choose at most 52' }];
  }
  for (const sample of people) {
    const releasedAt = sample.release ? londonInstant(sample.releaseDate, '09:00') : undefined;
    const ctx: DeadlineContext = {
      releaseDate: sample.releaseDate,
      registeredAt: now,
      createdAt: now,
      appointmentAt: londonInstant(nextWorkingDay(sample.releaseDate, calendar), '10:00'),
      unplannedReleaseAt: sample.release === 'unplanned' ? releasedAt : undefined,
      calendar,
    };
    policy.steps.forEach((step, i) => {
      let due: Date;
      try {
        due = stepDueAt(policy, step, ctx);
        if (step.notBefore) dueAt(step.notBefore, ctx, policy);
      } catch {
        fail(`steps.${i}`, `the ${step.type} step's dates could not be worked out for a person ${sample.words}: choose offsets nearer its starting point`);
        return;
      }
      try {
        planLadder(policy, { dueAt: due, critical: step.critical ?? false, releaseDate: sample.releaseDate, released: sample.release !== undefined, calendar });
      } catch {
        fail('ladder', `the escalations of the ${step.type} step could not be worked out for a person ${sample.words}: choose escalation times nearer the deadline`);
      }
    });
    try {
      outcomeWindowEnd(policy, { releaseDay: sample.releaseDate, releasedAt });
      for (const onOst of [true, false]) latestFirstAppointmentDate({ releaseDate: sample.releaseDate, releasedAt, onOst, policy, calendar });
    } catch {
      fail('outcomeWindow', `the outcome window could not be worked out for a person ${sample.words}`);
    }
  }
  return [...problems.values()];
}

/** Registered in good time (four weeks before the late cut-off) and late (a week before release), each not yet released, released as planned, and released without notice. */
function samples(policy: Policy, today: LocalDate): Sample[] {
  const registrations = [
    { releaseDate: addDays(today, 7 * (policy.lateRegistrationWeeks + 4)), words: 'registered in good time' },
    { releaseDate: addDays(today, 7), words: 'registered late' },
  ];
  return registrations.flatMap(({ releaseDate, words }): Sample[] => [
    { releaseDate, words: `on OST, ${words}` },
    { releaseDate, release: 'planned', words: `on OST, ${words} and released as planned` },
    { releaseDate, release: 'unplanned', words: `on OST, ${words} and released without notice` },
  ]);
}
