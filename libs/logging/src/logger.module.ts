/**
 * Structured JSON logs (pino), each HTTP request's lines carrying its correlation id.
 * Credentials and request bodies, which carry personal data, are never logged.
 */
import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { Config } from '@throughcare/config';
import type { WithCorrelation } from './correlation';

export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.headers["set-cookie"]'];

export function loggerModule(config: Config, service: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // The id correlationMiddleware gave the request (it runs first), else a new one.
      genReqId: (req: WithCorrelation) => req.correlationId ?? randomUUID(),
      customAttributeKeys: { reqId: 'correlationId' },
      // Query strings may carry filters about people; log the path only.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      },
    },
  });
}
