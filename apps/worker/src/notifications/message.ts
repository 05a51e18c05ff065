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
  pathway_id: string;
  task_id: string | null;
  body: Record<string, unknown>;
  created_at: Date;
}

/** The page a receiver opens to act: the pathway's, at the task when there is one. */
export function linkTo(webBaseUrl: string, n: Pick<NotificationRow, 'pathway_id' | 'task_id'>): string {
  const base = webBaseUrl.replace(/\/+$/, '');
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
    pathway_id: n.pathway_id,
    link: linkTo(webBaseUrl, n),
    message_id: n.id,
  };
}
