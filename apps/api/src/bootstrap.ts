/** Builds the HTTP application; shared by main.ts and the end-to-end tests so both run the same app. */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { Config } from '@throughcare/config';
import { correlationMiddleware } from '@throughcare/logging';
import { createValidationPipe } from '@throughcare/problem';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi';

export async function createApiApp(config: Config): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(helmet());
  app.use(correlationMiddleware);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
