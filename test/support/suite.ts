/**
 * Everything an end-to-end suite that looks inside usually starts: the worker and API in this
 * process, a database connection (as the migrating role, which reads the audit log) and a
 * Temporal client with the payload codec, and one close for all of them.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { Config } from '@throughcare/config';
import { dataSourceOptions } from '@throughcare/persistence';
import { dataConverter } from '@throughcare/temporal';
import { ApiClient } from './api-client';
import { startApi, startWorker, tokenFor } from './system';

export interface Suite {
  api: INestApplication;
  db: DataSource;
  temporal: Client;
  /** An API client acting as a team of this organisation, in this role. */
  as(org: string, role: string): Promise<ApiClient>;
  close(): Promise<void>;
}

export async function startSuite(config: Config): Promise<Suite> {
  const worker: INestApplicationContext = await startWorker(config);
  const { app: api } = await startApi(config);
  const db = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, dataConverter: dataConverter(config) });
  return {
    api,
    db,
    temporal,
    as: async (org, role) => new ApiClient(api.getHttpServer(), await tokenFor(org, role)),
    close: async () => {
      await api.close();
      await worker.close();
      await connection.close();
      await db.destroy();
    },
  };
}
