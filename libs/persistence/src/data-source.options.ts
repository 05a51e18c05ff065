/** One data-source options object, shared by the API, the worker, migrations and tests. */
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string, overrides: Partial<{ poolSize: number; applicationName: string }> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Not 'error' or 'query': TypeORM would log query parameters, which carry personal data.
    logging: ['migration'],
    poolSize: overrides.poolSize ?? 10,
    applicationName: overrides.applicationName ?? 'throughcare',
  };
}
