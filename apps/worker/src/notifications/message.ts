/**
 * What a message says, from a notification's row: ids, types, dates, levels, organisation codes
 * and a link to the page, never anything that names a person (the row holds nothing that does).
 */

export interface NotificationRow {
  id: string;
  org_code: string;
  audience: 'team' | 'managers';
  event: string;
  urgency: string;
  /** Null for a notice about the organisation's own set-up (a webhook paused). */
  pathway_id: string | null;
  task_id: string | null;
  body: Record<string, unknown>;
  created_at: Date;
}

/** The page a receiver opens to act: the pathway's, at the task when there is one; the inbox for a notice about no pathway. */
export function linkTo(webBaseUrl: string, n: Pick<NotificationRow, 'pathway_id' | 'task_id'>): string {
  const base = webBaseUrl.replace(/\/+$/, '');
  if (!n.pathway_id) return `${base}/inbox`;
  return `${base}/pathways/${n.pathway_id}${n.task_id ? `#task-${n.task_id}` : ''}`;
}

/** The webhook's JSON: Standard Webhooks' `type`, `timestamp` and `data` (the body, the message id and the link). */
export function webhookPayload(n: NotificationRow, webBaseUrl: string): string {
  return JSON.stringify({ type: n.event, timestamp: n.created_at.toISOString(), data: { id: n.id, ...n.body, link: linkTo(webBaseUrl, n) } });
}

const EVENT_TITLES: Record<string, string> = {
  'task.created': 'New task',
  'task.escalated': 'Task escalated',
  'task.completed': 'Task completed',
  'pathway.notice': 'Notice',
  'pathway.released': 'Person released',
  'pathway.outcome': 'Pathway outcome',
  'webhook.paused': 'Webhook paused',
};

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** Notify's personalisation for the immediate template: every field present (Notify refuses a missing one). */
export function emailPersonalisation(n: NotificationRow, webBaseUrl: string): Record<string, string> {
  const b = n.body;
  const title = EVENT_TITLES[n.event] ?? n.event;
  const level = text(b.level);
  const taskType = text(b.taskType);
  const due = text(b.dueAt);
  const summary = [title, level && level !== 'notice' ? `(${level})` : '', taskType ? `: ${taskType}` : '', due ? `, due ${due}` : '']
    .filter(Boolean)
    .join(' ')
    .replace(' :', ':')
    .replace(' ,', ',');
  return {
    subject: `Throughcare: ${title}${taskType ? ` – ${taskType}` : ''}`,
    summary,
    event: n.event,
    task_type: taskType,
    level,
    due,
    organisation: n.org_code,
    pathway_id: n.pathway_id ?? '',
    link: linkTo(webBaseUrl, n),
    message_id: n.id,
  };
}

/** What a digest says (see the digests table): ids, types and dates. */
export interface DigestBody {
  day: string;
  since: string;
  newItems: Array<{ id: string; event: string; pathwayId: string; taskId: string | null; taskType?: string | null; level?: string | null; dueAt?: string | null }>;
  dueToday: Array<{ taskId: string; pathwayId: string; taskType: string; dueAt: string }>;
  done: Array<{ taskId: string; pathwayId: string; taskType: string; completedAt: string }>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Notify's personalisation for the digest template: counts, and each item as a line with its link (Notify shows a list as bullets). */
export function digestPersonalisation(orgCode: string, body: DigestBody, webBaseUrl: string): Record<string, string | string[]> {
  const link = (pathwayId: string, taskId: string | null | undefined) => linkTo(webBaseUrl, { pathway_id: pathwayId, task_id: taskId ?? null });
  const line = (...parts: Array<string | null | undefined>) => parts.filter(Boolean).join(' – ');
  const none = ['Nothing'];
  const items = body.newItems.map((i) => line(EVENT_TITLES[i.event] ?? i.event, i.level ?? undefined, i.taskType ?? undefined, i.dueAt ? `due ${i.dueAt}` : undefined, link(i.pathwayId, i.taskId)));
  const due = body.dueToday.map((t) => line(t.taskType, `due ${t.dueAt}`, link(t.pathwayId, t.taskId)));
  const done = body.done.map((t) => line(t.taskType, `done ${t.completedAt}`, link(t.pathwayId, t.taskId)));
  return {
    subject: `Throughcare: your daily summary for ${body.day}`,
    summary: [
      plural(body.newItems.length, 'new item', 'new items'),
      plural(body.dueToday.length, 'task due today', 'tasks due today'),
      plural(body.done.length, 'task done since the last working day', 'tasks done since the last working day'),
    ].join(', '),
    day: body.day,
    organisation: orgCode,
    new_items: items.length > 0 ? items : none,
    due_today: due.length > 0 ? due : none,
    done: done.length > 0 ? done : none,
    new_count: String(body.newItems.length),
    due_count: String(body.dueToday.length),
    done_count: String(body.done.length),
    link: `${webBaseUrl.replace(/\/+$/, '')}/`,
  };
}
