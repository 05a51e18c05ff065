import 'reflect-metadata';
import { createWebApp } from './bootstrap';
import { loadWebConfig } from './web-config';

async function main(): Promise<void> {
  const config = loadWebConfig();
  const { app } = await createWebApp(config);
  await app.listen(config.WEB_PORT);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
