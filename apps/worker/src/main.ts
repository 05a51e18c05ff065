import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadWorkerConfig } from '@throughcare/config';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGINT/SIGTERM close the context, which drains the worker before the process exits.
  app.enableShutdownHooks();
  // A worker that stopped polling must not linger as a live process: exit so it is restarted.
  void app.get(TemporalWorkerService).failure.then(async () => {
    await app.close().catch(() => undefined);
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
