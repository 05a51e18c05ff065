/**
 * An inbox message as a to-do item in words: whom it is about, what happened ("Forward Leeds
 * declined the referral: no capacity"), when it came ("Received today at 7:53pm") and when its
 * task is due (the task's own due time, also for an escalation of it). Built from what the API
 * returns, as the caller may see it: a person or reason the API withholds is simply absent.
 * Pure, so it is tested alone.
 */
import { addDays, londonDateOf } from '@throughcare/domain';
import { labelOf, levelLabel, organisationName } from '../common/labels';
import { dayInWords, dueInWords, instantInWords, stateInWords, timeInWords } from '../common/view-filters';
import { outcomeInWords } from '../pathways/pathway-history';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface InboxItem {
  id: string;
  /** Its place on the page, from 1: names its buttons apart for a screen reader. */
  number: number;
  read: boolean;
  pathwayId: string | null;
  /** "Sam Example", when the caller may see who. */
  person?: string;
  prisonNumber?: string;
  /** The kind of message, for its tag: "New task", "Escalated: Level 2". */
  kind: string;
  urgent: boolean;
  forManagers: boolean;
  /** What happened, in a sentence. */
  said: string;
  received: string;
  /** "Referral acceptance due tomorrow, 5pm", or what became of the task ("Referral acceptance: Declined"). */
  due?: string;
}

export interface InboxDay {
  heading: string;
  items: InboxItem[];
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Today", "Yesterday", or "Friday 4 December 2026": the day in London a message came. */
export function dayHeading(at: string, now = new Date()): string {
  const day = londonDateOf(new Date(at));
  const today = londonDateOf(now);
  if (day === today) return 'Today';
  if (day === addDays(today, -1)) return 'Yesterday';
  return dayInWords(day);
}

/** "Received today at 7:53pm", "Received Friday 4 December 2026 at 9am". */
export function receivedInWords(at: string, now = new Date()): string {
  const heading = dayHeading(at, now);
  return `Received ${heading === 'Today' || heading === 'Yesterday' ? heading.toLowerCase() : heading} at ${timeInWords(new Date(at))}`;
}

/** What a completed task's outcome says the organisation did. */
function completion(task: Json, org: string): string {
  const reason = task.reason ? `: ${task.reason}` : '';
  switch (`${task.type}:${task.outcome}`) {
    case 'referral-acceptance:declined':
      return `${org} declined the referral${reason}`;
    case 'referral-acceptance:accepted':
      return `${org} accepted the referral`;
    case 'appointment-booking:completed':
      return `${org} booked the first appointment`;
    case 'probation-acknowledgement:acknowledged':
      return `${org} acknowledged the plan`;
    case 'first-appointment:attended':
    case 're-engagement:attended':
      return `${org} recorded that the person attended the appointment`;
    case 'first-appointment:did-not-attend':
    case 're-engagement:did-not-attend':
      return `${org} recorded that the person did not attend the appointment`;
    default:
      return `${org} completed the ${labelOf(task.type).replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())} task`;
  }
}

function kindOf(m: Json): string {
  switch (m.event) {
    case 'task.created':
      return 'New task';
    case 'task.escalated':
      return m.body?.level === 'reminder' ? 'Reminder' : `Escalated: ${levelLabel(m.body?.level)}`;
    case 'task.completed':
      return 'Update';
    case 'pathway.notice':
      return 'For your information';
    case 'pathway.released':
      return 'Released';
    case 'pathway.outcome':
      return 'Pathway closed';
    default:
      return 'Your set-up';
  }
}

/** What happened, in a sentence. */
export function messageInWords(m: Json, names: Record<string, string>): string {
  const body: Json = m.body ?? {};
  const task: Json | null = m.task ?? null;
  const type = labelOf(task?.type ?? body.taskType ?? '');
  const org = (code: unknown) => organisationName(String(code), names);
  switch (m.event) {
    case 'task.created':
      return `New task for you: ${type}`;
    case 'task.escalated':
      return body.level === 'reminder' ? `Reminder: ${type} is due soon` : `${type} was escalated to ${levelLabel(body.level).toLowerCase()}`;
    case 'task.completed':
      return task ? completion(task, org(task.owner)) : `${type} was completed by another organisation`;
    case 'pathway.notice':
      if (task?.state === 'done') return completion(task, org(task.owner));
      return `For your information: ${type}`;
    case 'pathway.released':
      return body.releaseKind === 'unplanned' ? 'Released from prison, unplanned' : 'Released from prison';
    case 'pathway.outcome':
      return `The pathway closed: ${outcomeInWords(String(body.outcome ?? '')).replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())}`;
    case 'webhook.paused':
      return body.pausedUntil ? `A webhook of yours is not answering: nothing is sent to it until ${instantInWords(new Date(body.pausedUntil))}` : 'A webhook of yours is not answering';
    default:
      return capitalised(labelOf(String(m.event).replace(/\./g, '-')));
  }
}

/** When the message's task is due, or what became of it. */
function dueOf(m: Json, now: Date): string | undefined {
  const task: Json | null = m.task ?? null;
  if (task) {
    const type = labelOf(task.type);
    if (task.state === 'open') return `${type} ${dueInWords(task.dueAt, now)}`;
    return `${type}: ${stateInWords(task as { state: string; outcome?: string | null }).toLowerCase()}`;
  }
  // A new task's message carries the task's due time; an escalation's carries its own, never shown as the task's.
  if (m.event === 'task.created' && m.body?.dueAt) return `${labelOf(m.body.taskType)} ${dueInWords(m.body.dueAt, now)}`;
  return undefined;
}

export function inboxItem(m: Json, number: number, names: Record<string, string>, now = new Date()): InboxItem {
  return {
    id: m.id,
    number,
    read: Boolean(m.readAt),
    pathwayId: m.pathwayId,
    person: m.person ? `${m.person.givenName} ${m.person.familyName}` : undefined,
    prisonNumber: m.person?.prisonNumber,
    kind: kindOf(m),
    urgent: m.urgency === 'immediate',
    forManagers: m.audience === 'managers',
    said: messageInWords(m, names),
    received: receivedInWords(m.createdAt, now),
    due: dueOf(m, now),
  };
}

/** The messages by the day they came, newest first as the API lists them. */
export function inboxDays(messages: Json[], names: Record<string, string>, now = new Date()): InboxDay[] {
  const days: InboxDay[] = [];
  messages.forEach((m, index) => {
    const heading = dayHeading(m.createdAt, now);
    if (days.at(-1)?.heading !== heading) days.push({ heading, items: [] });
    days.at(-1)!.items.push(inboxItem(m, index + 1, names, now));
  });
  return days;
}
