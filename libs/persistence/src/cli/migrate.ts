/**
 * Runs pending migrations, and with --seed-demo the demo organisations, against DATABASE_URL.
 * Used by `npm start`, the test runner and the deployment's one-shot migrate service.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source.options';
import { seedDemoOrganisations } from '../seed/demo-organisations';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const dataSource = await new DataSource(dataSourceOptions(url, { poolSize: 1, applicationName: 'throughcare-migrate' })).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`migrations: ${applied.length} applied`);
    if (process.argv.includes('--seed-demo')) {
      await seedDemoOrganisations(dataSource);
      console.log('demo organisations: seeded');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
