/**
 * The API's import worker keeps imports moving: a worker that stops with an error is
 * replaced, not left dead while the API goes on serving. The SDK's worker is stood in for:
 * what is under test is how this service reacts when `run()` rejects.
 */
import { Logger } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '@throughcare/config';
import { ImportActivityWorker } from './import-activity-worker';
import type { ReleaseImportActivitiesService } from './release-import.activities';

describe(ImportActivityWorker.name, () => {
  const config = loadConfig();
  const activities = { activities: () => ({}) } as unknown as ReleaseImportActivitiesService;
  const runs: Array<{ fail: (err: Error) => void; stop: () => void }> = [];

  beforeEach(() => {
    Logger.overrideLogger(false);
    jest.useFakeTimers();
    runs.length = 0;
    jest.spyOn(NativeConnection, 'connect').mockImplementation(async () => ({ close: jest.fn(async () => undefined) }) as unknown as NativeConnection);
    jest.spyOn(Worker, 'create').mockImplementation(async () => {
      let state = 'RUNNING';
      const run = new Promise<void>((resolve, reject) =>
        runs.push({ fail: reject, stop: () => { state = 'STOPPED'; resolve(); } }),
      );
      return { run: () => run, getState: () => state, shutdown: () => runs.at(-1)?.stop() } as unknown as Worker;
    });
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('starts a new worker a few seconds after one stops with an error', async () => {
    const sut = new ImportActivityWorker(config, activities);
    sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(1);

    runs[0].fail(new Error('lost the task queue'));
    await jest.advanceTimersByTimeAsync(5_000);
    expect(runs).toHaveLength(2);

    await sut.onApplicationShutdown();
  });

  it('starts no other once the API is shutting down', async () => {
    const sut = new ImportActivityWorker(config, activities);
    sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    await sut.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toHaveLength(1);
  });
});
