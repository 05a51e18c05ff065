/**
 * A pathway's history as a person reads it: every step in order, newest first, with who did
 * it and why. It joins what the API returns (the pathway's events, its tasks' completions and
 * cancellations, its escalations), as the caller may see them: a reason the API withholds is
 * simply absent. Pure, so it is tested alone.
 */
import { areaName } from '@throughcare/domain';
import type { Schemas } from '../api/api-paths';
import { labelOf, levelLabel, organisationName } from '../common/labels';
import { dayInWords, escalationReasonInWords, instantInWords } from '../common/view-filters';

type Task = Pick<Schemas['TaskResponseDto'], 'type' | 'owner' | 'state' | 'outcome' | 'completedAt' | 'createdAt' | 'details' | 'cancelReason'>;
type TimelineEntry = Pick<Schemas['TimelineEntryDto'], 'type' | 'at' | 'actor' | 'details' | 'source'>;
type Escalation = Pick<Schemas['EscalationResponseDto'], 'level' | 'raisedAt' | 'reason' | 'notify'>;

/** What the history reads of a pathway as the API returns it (PathwayResponseDto). */
export interface HistorySource {
  prisonCode: string;
  timeline: TimelineEntry[];
  tasks: Task[];
  escalations: Escalation[];
}

/** A timeline entry's detail, when it is text (the details are the event's own, so each is checked). */
const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

export interface HistoryEntry {
  at: string;
  title: string;
  /** The organisation that did it, by name. */
  by?: string;
  /** A change HMPPS reported (the API's timeline `source`): shown as from HMPPS, with the event's type. */
  source?: Schemas['HmppsSourceDto'];
  type?: string;
  /** What else a person needs: the reason, the day booked, who was told. */
  lines: string[];
}

/** What a completed task's outcome says happened, by task type and outcome. */
function completionTitle(task: Task): string {
  const type = task.type;
  switch (`${type}:${task.outcome}`) {
    case 'referral:completed':
      return 'Referral sent';
    case 'referral-acceptance:accepted':
      return 'Referral accepted';
    case 'referral-acceptance:declined':
      return 'Referral declined';
    case 'appointment-booking:completed':
      return 'First appointment booked';
    case 'probation-acknowledgement:acknowledged':
      return 'Plan acknowledged by probation';
    case 'first-appointment:attended':
    case 're-engagement:attended':
      return 'Attended the appointment';
    case 'first-appointment:did-not-attend':
    case 're-engagement:did-not-attend':
      return 'Did not attend the appointment';
    case 'naloxone:supplied':
      return 'Naloxone supplied';
    case 'naloxone:declined-by-person':
      return 'Naloxone declined by the person';
    case 'release-confirmation:released':
      return 'Release confirmed';
    default:
      return `${labelOf(type)} done`;
  }
}

function taskEntries(task: Task, names: Record<string, string>): HistoryEntry[] {
  const by = organisationName(task.owner, names);
  const details = task.details ?? {};
  if (task.state === 'done' && task.completedAt) {
    const lines: string[] = [];
    if (typeof details.reason === 'string') lines.push(`Reason: ${details.reason}`);
    if (typeof details.appointmentAt === 'string') lines.push(`Appointment: ${instantInWords(new Date(details.appointmentAt))}`);
    return [{ at: task.completedAt, title: completionTitle(task), by, lines }];
  }
  if (task.state === 'cancelled') {
    // A cancelled task has no time of its own; it went when the pathway changed, so it sits at its issue time.
    return [{ at: task.createdAt, title: `${labelOf(task.type)} cancelled`, by, lines: task.cancelReason ? [`Reason: ${task.cancelReason}`] : [] }];
  }
  return [];
}

function eventLines(entry: TimelineEntry, names: Record<string, string>): string[] {
  const d = entry.details;
  const [from, to] = [textOf(d.from), textOf(d.to)];
  const org = (code: string | undefined) => organisationName(code ?? '', names);
  const day = (key: string) => {
    const date = textOf(d[key]);
    return date ? dayInWords(date) : undefined;
  };
  const lines: string[] = [];
  switch (entry.type) {
    case 'registered':
      if (day('expectedReleaseDate')) lines.push(`Day of release: ${day('expectedReleaseDate')}`);
      break;
    case 'release-date-changed':
      if (to) lines.push(`New day of release: ${day('to')}${from ? ` (was ${day('from')})` : ''}`);
      break;
    case 'released':
      if (day('releasedOn')) lines.push(`Released on ${day('releasedOn')}${d.kind === 'unplanned' ? ', unplanned' : ''}`);
      break;
    case 'returned-to-custody':
      if (day('on')) lines.push(`On ${day('on')}`);
      break;
    case 'transferred':
      lines.push(`From ${org(from)} to ${org(to)}`);
      break;
    case 're-referred':
      lines.push(from === to ? `To ${org(to)} again` : `From ${org(from)} to ${org(to)}`);
      break;
    case 'appointment-rearranged':
      if (textOf(d.to)) lines.push(`New time: ${instantInWords(new Date(textOf(d.to)!))}${textOf(d.from) ? ` (was ${instantInWords(new Date(textOf(d.from)!))})` : ''}`);
      break;
    case 'outcome':
      if (textOf(d.outcome)) lines.push(`Outcome: ${outcomeInWords(textOf(d.outcome)!)}`);
      break;
    case 'referral-declined':
    case 'did-not-attend':
      if (textOf(d.informed)) lines.push(`${org(textOf(d.informed))} was told`);
      break;
  }
  if (textOf(d.reason)) lines.push(`Reason: ${textOf(d.reason)}`);
  return lines;
}

/** A pathway's outcome in words. */
export function outcomeInWords(outcome: string): string {
  return { engaged: 'Engaged with treatment', 'not-engaged': 'Did not engage with treatment', excluded: 'Excluded from the measure' }[outcome] ?? labelOf(outcome);
}

/** Every step of the pathway, newest first. */
export function pathwayHistory(pathway: HistorySource, names: Record<string, string>, now = new Date()): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    ...pathway.timeline.map((e) => ({
      at: e.at,
      title: labelOf(e.type),
      by: e.actor ? organisationName(e.actor.org, names) : e.type === 'registered' ? organisationName(pathway.prisonCode, names) : undefined,
      ...(e.source ? { source: e.source, type: e.type } : {}),
      lines: eventLines(e, names),
    })),
    ...pathway.tasks.flatMap((t) => taskEntries(t, names)),
    ...pathway.escalations.map((e) => ({
      at: e.raisedAt,
      title: e.level === 'notice' ? 'Notice sent' : e.level === 'reminder' ? 'Reminder sent' : `Escalated to ${levelLabel(e.level).toLowerCase()}`,
      lines: [escalationReasonInWords(e.reason, now), ...(e.notify.length ? [`Told: ${[...new Set(e.notify.map((n) => organisationName(n.org, names)))].join(', ')}`] : [])],
    })),
  ];
  // Newest first; at the same instant the order they are listed above (event, then task).
  return entries.map((e, i) => ({ e, i })).sort((a, b) => b.e.at.localeCompare(a.e.at) || a.i - b.i).map(({ e }) => e);
}

/** The destination area as words: "Leeds (E08000035)". */
export function areaInWords(code: string): string {
  const name = areaName(code);
  return name === code ? code : `${name} (${code})`;
}
