/**
 * Every saved history (pathway, notification delivery, daily digest) must replay against
 * today's workflow code: a change that would break a running workflow fails here (docs/operations.md: changing the workflow). Histories are recorded
 * with RECORD_HISTORIES=1. The histories also replay against a bundle built with another
 * bank-holiday list, as after `npm run holidays:refresh`: a pathway plans with the calendar
 * pinned in its input, so a refresh cannot change a running pathway's past.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@throughcare/config';
import { addDays, COMPILED_CALENDAR, isWorkingDay, londonDateOf } from '@throughcare/domain';
import { dataConverter } from '@throughcare/temporal';
import { bundleWorkflows } from '../../apps/worker/src/workflow-bundle';

const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
Runtime.install({ logger: new DefaultLogger('WARN') });

const history = (file: string) => historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));

/**
 * Every saved history replayed by one replay worker (the bundle loaded once, not once a
 * history); each file's test then reads its own result, so a failure still names its history.
 */
async function replayEach(workflowBundle: { codePath: string } | { code: string }): Promise<Map<string, Error | undefined>> {
  const results = new Map<string, Error | undefined>();
  const histories = files.map((file) => ({ workflowId: file, history: history(file) }));
  for await (const result of Worker.runReplayHistories({ workflowBundle, dataConverter: dataConverter(loadConfig()) }, histories)) {
    results.set(result.workflowId, result.error);
  }
  return results;
}

function expectReplayed(results: Map<string, Error | undefined>, file: string): void {
  expect(results.has(file)).toBe(true);
  const error = results.get(file);
  if (error) throw error;
}

describe('replaying saved workflow histories', () => {
  it('has histories to replay of every workflow type', () => {
    const types = new Set(files.map((f) => history(f).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name));
    expect([...types].sort()).toEqual(['notificationDeliveryWorkflow', 'notificationDigestWorkflow', 'pathwayWorkflow', 'releaseDateCheckWorkflow', 'releaseDateReconciliationWorkflow']);
  });

  it('has histories that took the patch texts-timely (texts looked at again when they go)', () => {
    const patchesIn = (file: string): string[] =>
      (JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')).events as Array<{ markerRecordedEventAttributes?: { markerName: string; details: Record<string, { payloads: Array<{ data: string }> }> } }>)
        .map((e) => e.markerRecordedEventAttributes)
        .filter((m) => m?.markerName === 'core_patch')
        .map((m) => (JSON.parse(Buffer.from(m!.details['patch-data'].payloads[0].data, 'base64').toString('utf8')) as { id: string }).id);
    const timely = files.filter((f) => patchesIn(f).includes('texts-timely'));
    expect(timely).toEqual(expect.arrayContaining(['pathway-1.4-texts-place-changed.json', 'pathway-1.4-texts-booked-after-the-appointment.json']));
    expect(files.filter((f) => f.startsWith('pathway-1.3-texts')).flatMap(patchesIn)).not.toContain('texts-timely');
  });

  describe('against the built bundle', () => {
    let results: Map<string, Error | undefined>;
    // Histories are saved as the server keeps them (encrypted); the same converter decodes them.
    beforeAll(async () => {
      results = await replayEach({ codePath: process.env.WORKFLOW_BUNDLE_PATH! });
    }, 180_000);

    it.each(files)('replays %s without nondeterminism', (file) => expectReplayed(results, file));
  });
});

describe('replaying them with a refreshed bank-holiday list compiled in', () => {
  const LIST = path.resolve(__dirname, '../../libs/domain/src/calendar/england-and-wales-bank-holidays.json');
  let dir: string;
  let code: string;
  let results: Map<string, Error | undefined>;

  beforeAll(async () => {
    // The list as a refresh might bring it: one-off bank holidays on every working day of the
    // weeks around when the histories were recorded, so any use of it would move everything.
    const published = JSON.parse(readFileSync(LIST, 'utf8')) as { retrieved: string; events: Array<{ date: string; title: string }> };
    const recorded = files.map((f) => history(f).events?.[0]?.eventTime?.seconds).filter((s) => s != null).map((s) => Number(s) * 1000);
    const from = londonDateOf(new Date(Math.min(...recorded, Date.now()) - 14 * 86_400_000));
    const oneOffs: Array<{ date: string; title: string }> = [];
    for (let day = from; oneOffs.length < 60; day = addDays(day, 1)) if (isWorkingDay(day, COMPILED_CALENDAR)) oneOffs.push({ date: day, title: 'A one-off bank holiday' });
    dir = mkdtempSync(path.join(tmpdir(), 'refreshed-holidays-'));
    const refreshed = path.join(dir, 'england-and-wales-bank-holidays.json');
    writeFileSync(refreshed, JSON.stringify({ ...published, retrieved: '2099-01-01', events: [...published.events, ...oneOffs] }));
    ({ code } = await bundleWorkflows(undefined, { [LIST]: refreshed }));
    expect(code).toContain('2099-01-01');
    results = await replayEach({ code });
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(files)('replays %s', (file) => expectReplayed(results, file));
});
