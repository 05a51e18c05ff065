/**
 * What `npm start` gives the API, the worker and the pages (scripts/lib/start-environment.ts):
 * links and the codec's CORS origin follow the ports actually used.
 */
import { loadConfig } from '@throughcare/config';
import { startEnvironments, startPorts } from '../../scripts/lib/start-environment';

const more = { temporalAddress: '127.0.0.1:7999', database: { DATABASE_URL: 'postgres://throughcare_app@127.0.0.1:5432/throughcare' }, workflowBundlePath: '/x/dist/workflow-bundle.js' };

describe(startEnvironments.name, () => {
  it('points links at the pages on the port they run on, and lets the Temporal UI on its own port call the codec', () => {
    const base = { WEB_PORT: '4101', PORT: '4100', TEMPORAL_UI_PORT: '9233' };
    const ports = startPorts(base);
    const { apps, web } = startEnvironments(base, { ...ports, temporalUiPort: ports.temporalUiPort }, more);
    const config = loadConfig(apps);
    expect(config.WEB_BASE_URL).toBe('http://localhost:4101');
    expect(config.TEMPORAL_UI_ORIGINS.split(',')).toEqual(['http://localhost:9233', 'http://127.0.0.1:9233']);
    expect(apps.PORT).toBe('4100');
    expect(web).toMatchObject({ WEB_PORT: '4101', API_URL: 'http://127.0.0.1:4100', WEB_BASE_URL: 'http://localhost:4101' });
  });

  it('keeps what the person starting it set', () => {
    const base = { WEB_PORT: '4101', WEB_BASE_URL: 'https://care.example.gov.uk', TEMPORAL_UI_ORIGINS: 'https://temporal.example.gov.uk' };
    const { apps } = startEnvironments(base, { ...startPorts(base), temporalUiPort: 9233 }, more);
    expect(apps.WEB_BASE_URL).toBe('https://care.example.gov.uk');
    expect(apps.TEMPORAL_UI_ORIGINS).toBe('https://temporal.example.gov.uk');
  });

  it('leaves the default origins when no dev server UI runs (Temporal from TEMPORAL_ADDRESS)', () => {
    const { apps } = startEnvironments({}, { port: 3000, webPort: 3001 }, more);
    expect(apps.TEMPORAL_UI_ORIGINS).toBeUndefined();
    expect(apps.WEB_BASE_URL).toBe('http://localhost:3001');
  });

  it('reads the README defaults when no port is set', () => {
    expect(startPorts({})).toEqual({ port: 3000, webPort: 3001, temporalPort: 7233, temporalUiPort: 8233 });
  });
});
