/**
 * Finishes a rotation of CONTACT_KEYS: re-seals, in one transaction, every mobile number not
 * under CONTACT_KEY_ID, so the old key can then be dropped from the list. Run as the schema's
 * owner (MIGRATION_DATABASE_URL, else DATABASE_URL) with the new list and key id:
 * `npm run contact-keys:reseal` (docs/operations.md, keys).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source.options';
import { contactBox, resealContacts } from '../contact';

async function main(): Promise<void> {
  const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('MIGRATION_DATABASE_URL or DATABASE_URL is required');
  const box = contactBox(process.env);
  const dataSource = await new DataSource(dataSourceOptions(url, { poolSize: 1, applicationName: 'throughcare-reseal' })).initialize();
  try {
    const changed = await dataSource.transaction((tx) => resealContacts(tx, box));
    console.log(`mobile numbers: ${changed} re-sealed under key ${box.keyring.currentKeyId}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
