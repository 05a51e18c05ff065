/**
 * Writes the contract from the code: docs/openapi.json as the API would serve it (its routes and
 * DTOs, as the Nest build's OpenAPI plugin reads them, built in Nest's preview mode, so with no
 * database or Temporal), then the web app's client types from it (apps/web/src/api/openapi.d.ts,
 * by openapi-typescript). test/e2e/openapi checks the served document against the committed one,
 * and apps/web/src/api/openapi-types.spec.ts the types against the document.
 *   npm run openapi
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

run('npm', ['run', '-s', 'build']);
const require = createRequire(path.join(root, 'dist', 'index.js'));
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { loadConfig } = require('./libs/config/src');
const { AppModule } = require('./apps/api/src/app.module');
const { buildOpenApiDocument } = require('./apps/api/src/openapi');

// Preview mode makes no provider, so these addresses are never dialled; the settings need them.
const config = loadConfig({ ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://preview@127.0.0.1:1/preview', TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:1' });
const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false });
writeFileSync(path.join(root, 'docs', 'openapi.json'), `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
await app.close();
run('npm', ['run', '-s', 'openapi:types']);
console.log('docs/openapi.json and apps/web/src/api/openapi.d.ts written');
