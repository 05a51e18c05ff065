import { loadConfig } from '../../../../libs/config/src/config';
import { HmppsApiStandIn } from '../../../../test/intake/hmpps-api.stand-in';
import { HmppsAuthClient, HmppsAuthFailed } from './hmpps-auth.client';
import { HmppsPrisonerSearch, PrisonerSearchUnavailable } from './prisoner-search';

describe(HmppsPrisonerSearch.name, () => {
  let standIn: HmppsApiStandIn;
  const configWith = (over: Record<string, string> = {}) =>
    loadConfig({ DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233', ...standIn.settings(), INTAKE_SEARCH_TIMEOUT_SECONDS: '1', ...over });
  const sut = (over: Record<string, string> = {}) => {
    const config = configWith(over);
    return new HmppsPrisonerSearch(config, new HmppsAuthClient(config), 10);
  };

  beforeEach(async () => (standIn = await new HmppsApiStandIn().start()));
  afterEach(() => standIn.stop());

  it('reads a person’s release dates with a token from HMPPS Auth', async () => {
    standIn.people.set('A1234BC', { releaseDate: '2027-03-10', conditionalReleaseDate: '2027-03-10', firstName: 'SAM', sentenceExpiryDate: '2029-01-01' });
    expect(await sut().releaseDates('A1234BC')).toEqual({
      found: true,
      dates: { releaseDate: '2027-03-10', conditionalReleaseDate: '2027-03-10', confirmedReleaseDate: null, automaticReleaseDate: null, postRecallReleaseDate: null, homeDetentionCurfewActualDate: null },
    });
  });

  it('asks HMPPS Auth once for many reads, and again only when the token is near its expiry', async () => {
    standIn.people.set('A1234BC', { releaseDate: '2027-03-10' });
    const config = configWith();
    let clock = Date.now();
    const auth = new HmppsAuthClient(config, () => clock);
    const search = new HmppsPrisonerSearch(config, auth, 10);
    await Promise.all([search.releaseDates('A1234BC'), search.releaseDates('A1234BC'), search.releaseDates('B1234BC')]);
    await search.releaseDates('A1234BC');
    expect(standIn.tokensIssued).toBe(1);
    clock += (standIn.tokenLifetimeSeconds - 30) * 1000; // within the minute before expiry
    await search.releaseDates('A1234BC');
    expect(standIn.tokensIssued).toBe(2);
  });

  it('answers not found for a person Prisoner Search does not know, without trying again', async () => {
    expect(await sut().releaseDates('Z9999ZZ')).toEqual({ found: false });
    expect(standIn.readsOf('Z9999ZZ')).toBe(1);
  });

  it.each([500, 503])('tries a %s again, a bounded number of times, then says Prisoner Search is unavailable', async (status) => {
    standIn.failing.set('A1234BC', status);
    await expect(sut({ INTAKE_SEARCH_ATTEMPTS: '3' }).releaseDates('A1234BC')).rejects.toThrow(PrisonerSearchUnavailable);
    expect(standIn.readsOf('A1234BC')).toBe(3);
  });

  it('waits a bounded time for an answer that never comes', async () => {
    standIn.failing.set('A1234BC', 'hang');
    await expect(sut({ INTAKE_SEARCH_ATTEMPTS: '2' }).releaseDates('A1234BC')).rejects.toThrow(/after 2 tries \(TimeoutError\)/);
  });

  it('is unavailable when Prisoner Search is down', async () => {
    await standIn.stop();
    await expect(sut({ INTAKE_SEARCH_ATTEMPTS: '2' }).releaseDates('A1234BC')).rejects.toThrow(PrisonerSearchUnavailable);
  });

  it('is refused a token with the wrong client secret, and never reads without one', async () => {
    const config = configWith({ HMPPS_CLIENT_SECRET: 'wrong' });
    await expect(new HmppsAuthClient(config).token()).rejects.toThrow(HmppsAuthFailed);
    await expect(new HmppsPrisonerSearch(config, new HmppsAuthClient(config), 10).releaseDates('A1234BC')).rejects.toThrow(PrisonerSearchUnavailable);
    expect(standIn.readsOf('A1234BC')).toBe(0);
  });
});
