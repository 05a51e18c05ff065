/** Builds the HTTP application; shared by main.ts and the end-to-end tests so both run the same app. */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import cors from 'cors';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { Config } from '@throughcare/config';
import { correlationMiddleware } from '@throughcare/logging';
import { createValidationPipe } from '@throughcare/problem';
import { AppModule } from './app.module';
import { answerClientErrors } from './common/client-errors';
import { useJsonBodies } from './common/json-body';
import { safeText } from './common/safe-text.middleware';
import { FHIR_MEDIA_TYPE } from '@throughcare/fhir';
import { buildOpenApiDocument } from './openapi';

export async function createApiApp(config: Config): Promise<INestApplication> {
  // Body parsing is ours (useJsonBodies): Nest's parsers would run after our limits.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  answerClientErrors(app.getHttpServer() as Server);
  app.use(helmet());
  // The Temporal UI calls the remote codec from the browser, with the operator's token.
  app.use(
    '/codec',
    cors({ origin: config.TEMPORAL_UI_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean), methods: ['POST'], allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'], maxAge: 600 }),
  );
  // Every answer about people, errors included, is personal data: never kept by a cache.
  app.use(['/v1', '/fhir'], (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Every FHIR answer is FHIR, a retry answered from its Idempotency-Key's first answer too.
  app.use('/fhir', (_req: Request, res: Response, next: NextFunction) => {
    res.type(FHIR_MEDIA_TYPE);
    next();
  });
  app.use(correlationMiddleware);
  useJsonBodies(app);
  // The one rule for text, before anything stores or fingerprints the request (see safeText).
  app.use(safeText);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
