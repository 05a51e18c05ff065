import { dayHeading, inboxDays, messageInWords, receivedInWords } from './inbox-words';

describe('the inbox in words', () => {
  // A Monday evening in winter (GMT), and one in summer (BST).
  const now = new Date('2026-12-07T20:00:00Z');
  const names = { 'CTS-LDS': 'Forward Leeds', 'PDU-LDS': 'Leeds probation' };
  const message = (over: Record<string, unknown>) => ({ id: 'm1', event: 'task.created', audience: 'team', urgency: 'immediate', pathwayId: 'p1', taskId: 't1', body: {}, createdAt: '2026-12-07T19:53:00Z', readAt: null, person: null, task: null, ...over });

  it('says when a message came, in London time and GOV.UK style', () => {
    expect(receivedInWords('2026-12-07T19:53:00Z', now)).toBe('Received today at 7:53pm');
    expect(receivedInWords('2026-12-06T09:00:00Z', now)).toBe('Received yesterday at 9am');
    expect(receivedInWords('2026-12-04T10:30:00Z', now)).toBe('Received Friday 4 December 2026 at 10:30am');
    // 23:30 UTC on 30 June is 00:30 on 1 July in London.
    expect(receivedInWords('2027-06-30T23:30:00Z', new Date('2027-07-01T12:00:00Z'))).toBe('Received today at 12:30am');
    expect(dayHeading('2026-12-04T10:30:00Z', now)).toBe('Friday 4 December 2026');
  });

  it('says what happened, naming the organisation, and a decline’s reason where the API gave it', () => {
    const decline = { type: 'referral-acceptance', owner: 'CTS-LDS', ownerType: 'community-treatment', state: 'done', dueAt: '2026-12-08T17:00:00Z', outcome: 'declined' };
    expect(messageInWords(message({ event: 'task.completed', task: { ...decline, reason: 'no capacity' } }), names)).toBe('Forward Leeds declined the referral: no capacity');
    expect(messageInWords(message({ event: 'pathway.notice', body: { level: 'notice' }, task: { ...decline, reason: null } }), names)).toBe('Forward Leeds declined the referral');
    expect(messageInWords(message({ event: 'task.completed', task: { ...decline, type: 'first-appointment', outcome: 'did-not-attend' } }), names)).toBe(
      'Forward Leeds recorded that the person did not attend the appointment',
    );
    expect(messageInWords(message({ event: 'task.completed', task: { ...decline, type: 'gp-registration', outcome: 'completed' } }), names)).toBe('Forward Leeds completed the GP registration task');
    expect(messageInWords(message({ body: { taskType: 'referral-acceptance' } }), names)).toBe('New task for you: Referral acceptance');
    expect(messageInWords(message({ event: 'task.escalated', body: { taskType: 'assessment', level: 'L2' } }), names)).toBe('Assessment was escalated to level 2');
    expect(messageInWords(message({ event: 'pathway.outcome', body: { outcome: 'not-engaged' } }), names)).toBe('The pathway closed: did not engage with treatment');
  });

  it('shows an escalation with its task’s due time, not its own, and groups messages by day', () => {
    const escalation = message({ event: 'task.escalated', body: { taskType: 'assessment', level: 'L1', dueAt: '2026-12-09T17:00:00Z' }, task: { type: 'assessment', owner: 'LEI', state: 'open', dueAt: '2026-12-07T17:00:00Z', outcome: null, reason: null } });
    const older = message({ id: 'm2', createdAt: '2026-12-04T10:30:00Z', readAt: '2026-12-04T11:00:00Z', person: { givenName: 'Sam', familyName: 'Example', prisonNumber: 'A1234BC' }, body: { taskType: 'referral', dueAt: '2026-12-10T17:00:00Z' } });
    const days = inboxDays([escalation, older], names, now);
    expect(days.map((d) => d.heading)).toEqual(['Today', 'Friday 4 December 2026']);
    expect(days[0].items[0]).toMatchObject({ number: 1, kind: 'Escalated: Level 1', due: 'Assessment was due today, 5pm', read: false, person: undefined });
    expect(days[1].items[0]).toMatchObject({ number: 2, person: 'Sam Example', prisonNumber: 'A1234BC', due: 'Referral due Thursday 10 December, 5pm', read: true });
  });
});
