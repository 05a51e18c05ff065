import 'reflect-metadata';
import { loadApiConfig } from '@throughcare/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadApiConfig();
  const app = await createApiApp(config);
  await app.listen(config.PORT);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
