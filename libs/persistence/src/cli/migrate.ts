/**
 * Runs pending migrations as the schema's owner (MIGRATION_DATABASE_URL, else DATABASE_URL),
 * and with --seed-demo the demo organisations. With DATABASE_APP_PASSWORD it also sets the
 * password of the application's login, throughcare_app, which the API and worker use.
 * Used by `npm start`, the test runner and the deployment's one-shot migrate service.
 */
import 'reflect-metadata';
import { escapeLiteral } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source.options';
import { seedDemoOrganisations } from '../seed/demo-organisations';

async function main(): Promise<void> {
  const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('MIGRATION_DATABASE_URL or DATABASE_URL is required');
  const dataSource = await new DataSource(dataSourceOptions(url, { poolSize: 1, applicationName: 'throughcare-migrate' })).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`migrations: ${applied.length} applied`);
    const password = process.env.DATABASE_APP_PASSWORD;
    // ALTER ROLE takes no bind parameters, so the password goes in as an escaped literal.
    if (password) await dataSource.query(`ALTER ROLE throughcare_app PASSWORD ${escapeLiteral(password)}`);
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
