/**
 * Structured JSON logs (pino). Every HTTP request gets a correlation id, taken from the
 * caller's X-Correlation-Id or made here, and echoed back. Credentials and request bodies,
 * which carry personal data, are never logged.
 */
import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Config } from '@throughcare/config';

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.headers["set-cookie"]'];

export function loggerModule(config: Config, service: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers[CORRELATION_HEADER];
        const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
        res.setHeader(CORRELATION_HEADER, id);
        return id;
      },
      customAttributeKeys: { reqId: 'correlationId' },
      // Query strings may carry filters about people; log the path only.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      },
    },
  });
}
