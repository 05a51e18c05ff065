import { loadConfig } from './config';
import { prisonerSearchSettings, productionSettings } from './production-settings.fixture';

const production = productionSettings;
const queue = { HMPPS_EVENTS_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/throughcare-events' };
const search = prisonerSearchSettings;

describe('release-date settings', () => {
  it('refuses to start production with HMPPS events on and no Prisoner Search (the stand-in is for development)', () => {
    expect(() => loadConfig({ ...production, ...queue })).toThrow(/PRISONER_SEARCH_URL: required in production/);
    expect(loadConfig({ ...production, ...queue, ...search }).PRISONER_SEARCH_URL).toBe(search.PRISONER_SEARCH_URL);
    expect(loadConfig(production).PRISONER_SEARCH_URL).toBeUndefined();
  });

  it('needs HMPPS Auth and the client credentials with Prisoner Search', () => {
    expect(() => loadConfig({ ...production, ...queue, ...search, HMPPS_AUTH_URL: undefined, HMPPS_CLIENT_SECRET: undefined })).toThrow(/HMPPS_AUTH_URL[\s\S]*HMPPS_CLIENT_SECRET/);
  });

  it('gathers events for an hour by default, as Manage POM Cases does', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' }).INTAKE_DEBOUNCE_SECONDS).toBe(3600);
  });
});
