import { HistorySource, pathwayHistory } from './pathway-history';

const names = { LEI: 'HMP Leeds', 'CTS-LDS': 'Forward Leeds', 'CTS-BHM': 'Change Grow Live Birmingham', 'LA-LDS': 'Leeds City Council' };
const NOW = new Date('2027-01-20T12:00:00Z');

describe('pathwayHistory', () => {
  const pathway: HistorySource = {
    prisonCode: 'LEI',
    timeline: [
      { type: 'registered', at: '2027-01-04T10:00:00.000Z', actor: null, details: { expectedReleaseDate: '2027-01-07' } },
      { type: 'referral-declined', at: '2027-01-05T11:00:00.000Z', actor: { sub: 'u', org: 'CTS-LDS' }, details: { informed: 'LA-LDS' } },
      { type: 're-referred', at: '2027-01-05T15:00:00.000Z', actor: { sub: 'p', org: 'LEI' }, details: { from: 'CTS-LDS', to: 'CTS-BHM' } },
    ],
    tasks: [
      { type: 'referral', owner: 'LEI', state: 'done', outcome: 'completed', completedAt: '2027-01-04T12:00:00.000Z', createdAt: '2027-01-04T10:00:00.000Z', details: {}, cancelReason: null },
      { type: 'referral-acceptance', owner: 'CTS-LDS', state: 'done', outcome: 'declined', completedAt: '2027-01-05T11:00:00.000Z', createdAt: '2027-01-04T12:00:00.000Z', details: { reason: 'No capacity' }, cancelReason: null },
      { type: 'appointment-booking', owner: 'CTS-BHM', state: 'done', outcome: 'completed', completedAt: '2027-01-06T09:00:00.000Z', createdAt: '2027-01-05T15:00:00.000Z', details: { appointmentAt: '2027-01-08T10:30:00.000Z' }, cancelReason: null },
      { type: 'naloxone', owner: 'LEI', state: 'open', outcome: null, completedAt: null, createdAt: '2027-01-04T10:00:00.000Z', details: null, cancelReason: null },
    ],
    escalations: [{ level: 'L1', raisedAt: '2027-01-06T17:00:00.000Z', reason: 'probation-acknowledgement is due 2027-01-06T17:00:00.000Z', notify: [{ org: 'LA-LDS', audience: 'commissioner' }] }],
  };

  it('lists every step newest first, by name, with its reason, in words', () => {
    const history = pathwayHistory(pathway, names, NOW);
    expect(history.map((h) => h.title)).toEqual([
      'Escalated to level 1',
      'First appointment booked',
      'Referred again',
      'Referral declined',
      'Referral declined',
      'Referral sent',
      'Registered',
    ]);
    expect(history[0].lines).toEqual(['Probation acknowledgement was due by 5pm on Wednesday 6 January 2027', 'Told: Leeds City Council']);
    expect(history[1]).toMatchObject({ by: 'Change Grow Live Birmingham', lines: ['Appointment: 10:30am on Friday 8 January 2027'] });
    expect(history[2].lines).toEqual(['From Forward Leeds to Change Grow Live Birmingham']);
    expect(history[3]).toMatchObject({ by: 'Forward Leeds', lines: ['Leeds City Council was told'] });
    expect(history[4]).toMatchObject({ by: 'Forward Leeds', lines: ['Reason: No capacity'] });
    expect(history.at(-1)).toMatchObject({ by: 'HMP Leeds', lines: ['Day of release: Thursday 7 January 2027'] });
  });

  it('names no code and writes no ISO date', () => {
    const text = JSON.stringify(pathwayHistory(pathway, names, NOW).map(({ title, by, lines }) => ({ title, by, lines })));
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}|CTS-|LA-LDS|"LEI"/);
  });
});
