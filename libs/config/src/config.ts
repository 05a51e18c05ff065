/**
 * Configuration, validated at boot. Required values have no silent defaults: the start
 * script supplies local ones; a deployment must set them, or the process refuses to start.
 */
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';

export class Config {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  DATABASE_URL: string;

  @IsString()
  @IsNotEmpty()
  TEMPORAL_ADDRESS: string;

  @IsString()
  @IsNotEmpty()
  TEMPORAL_NAMESPACE = 'default';

  /** Where pathway workflows run; tests give each suite its own so workers do not share work. */
  @IsString()
  @IsNotEmpty()
  TEMPORAL_TASK_QUEUE = 'throughcare-pathways';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** The identity provider's JWKS; without it, tokens are checked with the development key (never in production). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  AUTH_JWKS_URL?: string;

  @ValidateIf((c: Config) => c.AUTH_JWKS_URL !== undefined)
  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER?: string;

  @ValidateIf((c: Config) => c.AUTH_JWKS_URL !== undefined)
  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE?: string;

  /**
   * Keys that encrypt Temporal payloads, `id:base64key` pairs (32-byte keys) separated by
   * commas; every key listed can decode. Required in production; elsewhere a development key.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/)
  TEMPORAL_PAYLOAD_KEYS?: string;

  /** The key id new payloads are encrypted with. */
  @ValidateIf((c: Config) => c.TEMPORAL_PAYLOAD_KEYS !== undefined)
  @IsString()
  @IsNotEmpty()
  TEMPORAL_PAYLOAD_KEY_ID?: string;

  /**
   * Where a Temporal UI runs that may call the API's remote codec (`/codec/decode`) from the
   * browser: comma-separated origins, for CORS. The dev server's UI by default.
   */
  @IsString()
  TEMPORAL_UI_ORIGINS = 'http://localhost:8233,http://127.0.0.1:8233';

  /**
   * Requests a caller may make per minute, across every route, before answers turn to 429: a
   * caller is a signed-in person at their organisation, or an address for requests without a
   * valid token.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 3000;

  /**
   * The longest a bearer token may live (`exp` − `iat`), in minutes: a token meant to last a
   * working day, not one minted to last for ever. Tokens without `exp` or `iat` are refused.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  AUTH_MAX_TOKEN_LIFETIME_MINUTES = 720;

  /**
   * How long, in seconds, the API waits for a pathway to answer a change (a Temporal Update)
   * before it answers 503 `pathway-busy`: the change was received, and a retry with the same
   * Idempotency-Key gets its answer.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(300)
  UPDATE_TIMEOUT_SECONDS = 20;

  /** A pathway's workflow continues as new past this many history events; small in tests. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  PATHWAY_HISTORY_LIMIT = 10_000;

  /**
   * Pathways a worker keeps in memory between their wake-ups. Most pathways sleep for days,
   * so a bounded cache costs only a short replay when one wakes, and keeps the heap (and
   * its garbage collection) small under a burst of registrations.
   */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  WORKER_MAX_CACHED_WORKFLOWS = 500;

  /**
   * Threads that run workflow code. The SDK's default is one, which a burst of wake-ups
   * saturates: every call into a workflow's sandbox pays for a watchdog thread, and a pathway
   * evicted from the cache replays its history there (docs/benchmarks.md, escalations).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  WORKER_WORKFLOW_THREADS = 1;

  /**
   * A list of releases is registered in batches of this many rows, this many batches at a
   * time: the bound on the load an import puts on the API, the database and Temporal, so
   * single registrations and task actions go on being answered while it runs.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  IMPORT_BATCH_SIZE = 20;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(32)
  IMPORT_CONCURRENCY = 4;

  /**
   * How often, in seconds, the API looks for registrations whose workflow never started (the
   * record was written but Temporal could not be reached, and the caller did not retry), and
   * starts them. A registration counts as stalled once it is this old.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REGISTRATION_RECOVERY_SECONDS = 60;

  /** Tries the sweep makes at starting a stalled registration before it marks it failed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REGISTRATION_RECOVERY_MAX_ATTEMPTS = 10;

  /** How long an Idempotency-Key, and the first answer a retry gets back, is kept. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  IDEMPOTENCY_KEY_HOURS = 24;

  /** A delivery's first retry waits this long (seconds); each later one twice as long as the one before. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFICATION_RETRY_INITIAL_SECONDS = 30;

  /** The longest wait between two tries of a delivery, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFICATION_RETRY_MAX_INTERVAL_SECONDS = 3600;

  /** How long a delivery is tried for, in seconds, before it is marked failed (24 hours). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFICATION_RETRY_LIMIT_SECONDS = 86_400;

  /** Every request to a webhook or to Notify gives up after this many seconds (and is retried). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(120)
  NOTIFICATION_REQUEST_TIMEOUT_SECONDS = 10;

  /**
   * Webhook and e-mail sends run on task queues of their own (urgent messages on one, digest ones
   * on another), apart from pathway work: this many at once per queue in each worker process.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  NOTIFICATION_DELIVERY_SLOTS = 100;

  /**
   * Requests a worker process has open at once to one webhook endpoint; a try beyond that gives
   * its slot back at once and is tried again later, so a receiver that never answers holds at
   * most this many slots and never makes other receivers' messages wait.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_MAX_IN_FLIGHT = 2;

  /** Timeouts or network errors in a row after which a webhook endpoint is paused (its organisation is told). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEBHOOK_BREAKER_FAILURES = 5;

  /** How long, in seconds, a paused webhook endpoint is left alone before it is tried again. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  WEBHOOK_BREAKER_PAUSE_SECONDS = 300;

  /** After a webhook secret is rotated, messages are signed with the old one too for this many hours. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 30)
  WEBHOOK_SECRET_OVERLAP_HOURS = 24;

  /**
   * Whether webhooks may go to loopback, private, link-local and other non-public addresses: for
   * receivers on a developer's machine and in tests. `true` or `false`; on by default outside
   * production, and production refuses to start with it on (no server-side request into the
   * network: docs/design.md, outbound requests).
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE_DESTINATIONS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: boolean;

  /**
   * GOV.UK Notify's API key (`name-serviceid-secret`); without it nothing is e-mailed (the inbox
   * and webhooks still work).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]*-?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: 'NOTIFY_API_KEY must be a GOV.UK Notify API key: its name, the service id and the secret, joined by hyphens',
  })
  NOTIFY_API_KEY?: string;

  /** Notify's API; a stand-in's in tests. */
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  NOTIFY_BASE_URL = 'https://api.notifications.service.gov.uk';

  /** The Notify template for a message sent at once (see docs/api-guide.md for its fields). */
  @ValidateIf((c: Config) => c.NOTIFY_API_KEY !== undefined)
  @IsUUID()
  NOTIFY_TEMPLATE_ID_IMMEDIATE?: string;

  /** The Notify template for the daily digest. */
  @ValidateIf((c: Config) => c.NOTIFY_API_KEY !== undefined)
  @IsUUID()
  NOTIFY_TEMPLATE_ID_DIGEST?: string;

  /** Where the web pages are: links in messages point at a task's or pathway's page there. */
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  WEB_BASE_URL = 'http://localhost:3001';

  /**
   * The SQS queue subscribed (not raw) to HMPPS's `hmpps-domain-events` topic; without it the
   * worker consumes no events. `npm start` sets it to its local goaws queue.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  HMPPS_EVENTS_QUEUE_URL?: string;

  /** Where a message is put aside after HMPPS_EVENTS_MAX_RECEIVES receives or when it cannot be read; without it, SQS's own redrive policy does. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  HMPPS_EVENTS_DLQ_URL?: string;

  /** The SQS endpoint, for a local SNS/SQS (goaws); without it the AWS SDK's own for AWS_REGION. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  HMPPS_EVENTS_ENDPOINT?: string;

  /** The SQS wire protocol: `query` (goaws speaks only this; real SQS too) or `json`. */
  @IsIn(['query', 'json'])
  HMPPS_EVENTS_PROTOCOL: 'query' | 'json' = 'query';

  @IsString()
  @IsNotEmpty()
  AWS_REGION = 'eu-west-2';

  /** Receives after which a message that still fails is put aside. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  HMPPS_EVENTS_MAX_RECEIVES = 3;

  /** Seconds a received message stays hidden from other consumers while this one works on it. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(43_200)
  HMPPS_EVENTS_VISIBILITY_SECONDS = 60;

  /** Long polling: seconds a receive waits for a message (SQS allows up to 20). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(20)
  HMPPS_EVENTS_WAIT_SECONDS = 20;

  /** A prebuilt workflow bundle; without it the worker bundles the workflow code at start. */
  @IsOptional()
  @IsString()
  WORKFLOW_BUNDLE_PATH?: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = plainToInstance(Config, env, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  config.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS ??= config.NODE_ENV !== 'production';
  // Production refuses the development keys: it must be given its own.
  if (config.NODE_ENV === 'production') {
    if (config.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS === true) lines.push('WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: must be off in production (webhooks into the network are refused)');
    if (!config.TEMPORAL_PAYLOAD_KEYS) lines.push('TEMPORAL_PAYLOAD_KEYS: required in production (the development payload key is refused)');
    if (config.NOTIFY_API_KEY && !config.NOTIFY_BASE_URL.startsWith('https:')) lines.push('NOTIFY_BASE_URL: must be https in production');
    if (!config.AUTH_JWKS_URL) lines.push('AUTH_JWKS_URL: required in production (the development signing key is refused)');
  }
  if (lines.length > 0) throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  return config;
}
