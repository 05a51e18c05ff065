import { classify, retryAfterMs } from './delivery.activities';
import { digestPersonalisation, emailPersonalisation, linkTo } from './message';

describe('a delivery try', () => {
  const outcome = (status: number, retryAfter: string | null = null) => {
    try {
      classify(status, retryAfter);
      return 'sent';
    } catch (err) {
      const failed = err as { retryable: boolean; retryAfterMs?: number; reason: string };
      return { retryable: failed.retryable, retryAfterMs: failed.retryAfterMs, reason: failed.reason };
    }
  };

  it('is sent on a 2xx, retried on 408, 429 and 5xx, and refused for good on any other answer', () => {
    for (const status of [200, 201, 202, 204]) expect(outcome(status)).toBe('sent');
    for (const status of [408, 429, 500, 502, 503, 504]) expect(outcome(status)).toMatchObject({ retryable: true, reason: `HTTP ${status}` });
    for (const status of [301, 400, 401, 403, 404, 410, 413, 422]) expect(outcome(status)).toMatchObject({ retryable: false, reason: `HTTP ${status}` });
  });

  it('honours Retry-After in seconds or as an HTTP date', () => {
    expect(outcome(429, '7')).toMatchObject({ retryable: true, retryAfterMs: 7000 });
    const now = Date.parse('2027-02-15T10:00:00Z');
    expect(retryAfterMs('Mon, 15 Feb 2027 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 15 Feb 2027 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('what a message says', () => {
  const n = {
    id: 'c0a80121-7ac0-4e1c-9b5e-000000000001',
    org_code: 'CTS-BHM',
    audience: 'managers' as const,
    event: 'task.escalated',
    urgency: 'immediate',
    pathway_id: 'c0a80121-7ac0-4e1c-9b5e-000000000002',
    task_id: 'c0a80121-7ac0-4e1c-9b5e-000000000003',
    body: { taskType: 'referral-acceptance', level: 'L2', dueAt: '2027-02-15T17:00:00+00:00' },
    created_at: new Date('2027-02-16T17:00:00Z'),
  };

  it('links to the task on the pathway page', () => {
    expect(linkTo('https://throughcare.example/', n)).toBe(`https://throughcare.example/pathways/${n.pathway_id}#task-${n.task_id}`);
    expect(linkTo('https://throughcare.example', { ...n, task_id: null })).toBe(`https://throughcare.example/pathways/${n.pathway_id}`);
  });

  it('gives Notify every field of the immediate template, from ids, types, levels and dates', () => {
    expect(emailPersonalisation(n, 'https://throughcare.example')).toEqual({
      subject: 'Throughcare: Task escalated – referral-acceptance',
      summary: 'Task escalated (L2): referral-acceptance, due 2027-02-15T17:00:00+00:00',
      event: 'task.escalated',
      task_type: 'referral-acceptance',
      level: 'L2',
      due: '2027-02-15T17:00:00+00:00',
      organisation: 'CTS-BHM',
      pathway_id: n.pathway_id,
      link: `https://throughcare.example/pathways/${n.pathway_id}#task-${n.task_id}`,
      message_id: n.id,
    });
  });

  it('counts a digest and lists each item with its link, or says Nothing', () => {
    const digest = digestPersonalisation(
      'CTS-BHM',
      { day: '2027-02-15', since: '2027-02-12', newItems: [{ id: n.id, event: 'task.escalated', pathwayId: n.pathway_id, taskId: n.task_id, taskType: 'referral-acceptance', level: 'L1' }], dueToday: [], done: [] },
      'https://throughcare.example',
    );
    expect(digest).toMatchObject({
      summary: '1 new item, 0 tasks due today, 0 tasks done since the last working day',
      new_items: [`Task escalated – L1 – referral-acceptance – https://throughcare.example/pathways/${n.pathway_id}#task-${n.task_id}`],
      due_today: ['Nothing'],
      done: ['Nothing'],
      new_count: '1',
    });
  });
});
