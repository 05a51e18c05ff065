/**
 * What the worker's host learns when polling stops. The SDK's worker is stood in for here:
 * what is under test is only how this service reacts when `run()` rejects.
 */
import { TextActivitiesService } from './texts/text.activities';
import { Logger } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '@throughcare/config';
import type { DeliveryActivitiesService } from './notifications/delivery.activities';
import type { PathwayActivitiesService } from './pathway.activities';
import type { ReleaseDateActivitiesService } from './intake/release-date.activities';
import type { MaintenanceActivitiesService } from './maintenance/maintenance.activities';
import type { ReleaseImportActivitiesService } from './imports/release-import.activities';
import { TemporalWorkerService } from './temporal-worker.service';

/** A worker whose run() stays pending until the test ends it, as the SDK's does. */
function controllableWorker() {
  let endRun!: (err?: Error) => void;
  const run = new Promise<void>((resolve, reject) => (endRun = (err) => (err ? reject(err) : resolve())));
  let state = 'RUNNING';
  const worker = {
    run: () => run,
    getState: () => state,
    shutdown: jest.fn(() => (state = 'STOPPING')),
  };
  return { worker, endRun };
}

describe(TemporalWorkerService.name, () => {
  const config = loadConfig({ ...process.env, WORKFLOW_BUNDLE_PATH: '/unused/by/the/stand-in.js' });
  const activities = { activities: () => ({}) };
  let sut: TemporalWorkerService;
  let control: ReturnType<typeof controllableWorker>;

  beforeEach(async () => {
    Logger.overrideLogger(false);
    control = controllableWorker();
    jest.spyOn(NativeConnection, 'connect').mockResolvedValue({ close: jest.fn() } as unknown as NativeConnection);
    jest.spyOn(Worker, 'create').mockResolvedValue(control.worker as unknown as Worker);
    sut = new TemporalWorkerService(
      config,
      activities as unknown as PathwayActivitiesService,
      activities as unknown as DeliveryActivitiesService,
      activities as unknown as ReleaseDateActivitiesService,
      activities as unknown as MaintenanceActivitiesService,
      activities as unknown as ReleaseImportActivitiesService,
      activities as unknown as TextActivitiesService,
    );
    await sut.onApplicationBootstrap();
  });
  afterEach(() => jest.restoreAllMocks());

  it('tells its host when the worker stops polling with an error, and leaves the exit code alone', async () => {
    const before = process.exitCode;
    const crash = new Error('the worker lost its namespace');
    control.endRun(crash);
    await expect(sut.failure).resolves.toBe(crash);
    expect(process.exitCode).toBe(before);
  });

  it('does not call an error during its own shutdown a failure', async () => {
    const shutdown = sut.onApplicationShutdown();
    expect(control.worker.shutdown).toHaveBeenCalled();
    control.endRun(new Error('activities outlasted the grace time'));
    await shutdown;
    const settled = await Promise.race([sut.failure.then(() => 'failure'), new Promise((r) => setTimeout(() => r('pending'), 50))]);
    expect(settled).toBe('pending');
  });
});
