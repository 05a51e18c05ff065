/**
 * Every setting, in groups named after what they configure; each is its environment variable's
 * name. An app loads the groups it needs (libs/config/src/config.ts, apps/web/src/web-config.ts)
 * through the one loader (load-settings.ts). Required values have no silent defaults: the start
 * script supplies local ones; a deployment must set them, or the process refuses to start.
 */
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { KEY_LIST_PATTERN } from './keyring';
import { HttpsInProduction, type ProductionChecked, RequiredInProduction } from './load-settings';

/** A setting given as the text `true` or `false`, as a boolean; anything else is left for @IsBoolean to refuse. */
const trueOrFalse = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** What every process reads: how it runs and logs. */
export class RuntimeSettings {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Lets a production process (NODE_ENV=production) use http URLs: for the production-like
   * topology on one machine (`npm run start:production-like`), which serves on localhost without
   * TLS. Never in a deployment. `true` or `false`.
   */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'ALLOW_HTTP_URLS must be true or false' })
  ALLOW_HTTP_URLS?: 'true' | 'false';
}

/** PostgreSQL. */
export class DatabaseSettings {
  @IsString()
  @IsNotEmpty()
  DATABASE_URL: string;
}

/** Temporal: where it is, the queue pathways run on, and the keys its payloads are encrypted with. */
export class TemporalSettings {
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

  /**
   * Keys that encrypt Temporal payloads, `id:base64key` pairs (32-byte keys) separated by
   * commas; every key listed can decode. Required in production; elsewhere a development key.
   */
  @RequiredInProduction('the development payload key is refused')
  @IsOptional()
  @Matches(KEY_LIST_PATTERN, { message: 'TEMPORAL_PAYLOAD_KEYS must be id:base64key pairs separated by commas' })
  TEMPORAL_PAYLOAD_KEYS?: string;

  /** The key id new payloads are encrypted with. */
  @ValidateIf((c: TemporalSettings) => c.TEMPORAL_PAYLOAD_KEYS !== undefined)
  @IsString()
  @IsNotEmpty()
  TEMPORAL_PAYLOAD_KEY_ID?: string;
}

/** How pathways are asked and kept: update waits, history length, and recovery of registrations Temporal missed. */
export class PathwaySettings {
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
   * How often, in seconds, the worker looks for registrations whose workflow never started (the
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

  /**
   * Whether this worker runs the escalation sweep, which stores a burst of escalations at their
   * instant ahead of the workflows' own wake-ups (docs/design.md §7). `true` or `false`; off, the
   * workflows still raise every escalation themselves, later in a burst.
   */
  @Transform(trueOrFalse)
  @IsBoolean({ message: 'ESCALATION_SWEEP must be true or false' })
  ESCALATION_SWEEP = true;
}

/** Bearer tokens: the identity provider that signs them, and how long one may live. */
export class AuthSettings {
  /** The identity provider's JWKS; without it, tokens are checked with the development key (never in production). */
  @RequiredInProduction('the development signing key is refused')
  @HttpsInProduction()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  AUTH_JWKS_URL?: string;

  @ValidateIf((c: AuthSettings) => c.AUTH_JWKS_URL !== undefined)
  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER?: string;

  @ValidateIf((c: AuthSettings) => c.AUTH_JWKS_URL !== undefined)
  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE?: string;

  /**
   * The longest a bearer token may live (`exp` − `iat`), in minutes: a token meant to last a
   * working day, not one minted to last for ever. Tokens without `exp` or `iat` are refused.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  AUTH_MAX_TOKEN_LIFETIME_MINUTES = 720;
}

/**
 * Where the FHIR API is, for the API's answers and the worker's BaRS messages (a referral's
 * MessageHeader names its `$process-message` for the answer).
 */
export class FhirSettings {
  /** The FHIR API's base as callers reach it: Bundle entries' fullUrl and page links start with it (docs/design.md, "FHIR R4 API"). */
  @HttpsInProduction()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  FHIR_BASE_URL = 'http://localhost:3000/fhir/R4';
}

/** The API's HTTP side: its port, rate limit, CORS origins and idempotency keys. */
export class HttpSettings {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

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
   * Where a Temporal UI runs that may call the API's remote codec (`/codec/decode`) from the
   * browser: comma-separated origins, for CORS. The dev server's UI by default.
   */
  @RequiredInProduction('the CORS origins of the Temporal UI that may call the codec; the localhost default is refused')
  @HttpsInProduction()
  @IsString()
  TEMPORAL_UI_ORIGINS = 'http://localhost:8233,http://127.0.0.1:8233';
}

/** Idempotency keys: the API keeps them, the worker's housekeeping Schedule purges the old ones. */
export class IdempotencySettings {
  /** How long an Idempotency-Key, and the first answer a retry gets back, is kept. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  IDEMPOTENCY_KEY_HOURS = 24;
}

/** Lists of releases registered in bulk. */
export class ImportSettings {
  /**
   * A list of releases is registered in batches of this many rows, this many batches at a
   * time: the bound on the load an import puts on the worker, the database and Temporal, so
   * single registrations and task actions go on being answered while it runs. The API puts
   * both in an import's input; the worker runs at most IMPORT_CONCURRENCY batches at once.
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
}

/** Delivering notifications: retries, timeouts and slots. */
export class NotificationSettings {
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
}

/**
 * The keys that seal a person's mobile number at rest (pathway_contacts), `id:base64key` pairs
 * (32-byte keys) separated by commas, as TEMPORAL_PAYLOAD_KEYS: every key listed can open.
 * Required in production; elsewhere a development key.
 */
export class ContactSettings {
  @IsOptional()
  @RequiredInProduction('the development contact key is refused')
  @Matches(KEY_LIST_PATTERN, { message: 'CONTACT_KEYS must be id:base64key pairs separated by commas' })
  CONTACT_KEYS?: string;

  /** The key id new mobile numbers are sealed with. */
  @ValidateIf((c: ContactSettings) => c.CONTACT_KEYS !== undefined)
  @IsString()
  @IsNotEmpty()
  CONTACT_KEY_ID?: string;
}

/** Webhooks: load per endpoint, the breaker, secrets and the keys they are sealed with, and where they may go. */
export class WebhookSettings implements ProductionChecked {
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
   * Keys that seal webhook secrets at rest, `id:base64key` pairs (32-byte keys) separated by
   * commas, as TEMPORAL_PAYLOAD_KEYS: every key listed can open. Required in production;
   * elsewhere a development key.
   */
  @IsOptional()
  @RequiredInProduction('the development webhook secret key is refused')
  @Matches(KEY_LIST_PATTERN, { message: 'WEBHOOK_SECRET_KEYS must be id:base64key pairs separated by commas' })
  WEBHOOK_SECRET_KEYS?: string;

  /** The key id new webhook secrets are sealed with. */
  @ValidateIf((c: WebhookSettings) => c.WEBHOOK_SECRET_KEYS !== undefined)
  @IsString()
  @IsNotEmpty()
  WEBHOOK_SECRET_KEY_ID?: string;

  /**
   * Whether webhooks may go to loopback, private, link-local and other non-public addresses: for
   * receivers on a developer's machine and in tests. `true` or `false`; on by default outside
   * production, and production refuses to start with it on (no server-side request into the
   * network: docs/design.md, outbound requests).
   */
  @IsOptional()
  @Transform(trueOrFalse)
  @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE_DESTINATIONS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: boolean;

  check(production: boolean): string[] {
    this.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS ??= !production;
    return production && this.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS ? ['WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: must be off in production (webhooks into the network are refused)'] : [];
  }
}

/** E-mail through GOV.UK Notify. */
export class NotifySettings implements ProductionChecked {
  /**
   * Whether messages are e-mailed: `true` or `false`. On by default in production, where it then
   * needs NOTIFY_API_KEY (a production that e-mails nobody says so with `false`); elsewhere on
   * when NOTIFY_API_KEY is set.
   */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'NOTIFY_EMAIL_ENABLED must be true or false' })
  NOTIFY_EMAIL_ENABLED?: 'true' | 'false';

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
  @HttpsInProduction()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  NOTIFY_BASE_URL = 'https://api.notifications.service.gov.uk';

  /** The Notify template for a message sent at once (see docs/api-guide.md for its fields). */
  @ValidateIf((c: NotifySettings) => c.NOTIFY_API_KEY !== undefined)
  @IsUUID()
  NOTIFY_TEMPLATE_ID_IMMEDIATE?: string;

  /** The Notify template for the daily digest. */
  @ValidateIf((c: NotifySettings) => c.NOTIFY_API_KEY !== undefined)
  @IsUUID()
  NOTIFY_TEMPLATE_ID_DIGEST?: string;

  /**
   * The Notify text template telling the person their first appointment is booked (or moved);
   * its body is in libs/domain/src/texts/text-messages.ts. Without it (or without NOTIFY_API_KEY)
   * such texts are recorded as not sent.
   */
  @IsOptional()
  @IsUUID()
  NOTIFY_TEMPLATE_ID_SMS_BOOKED?: string;

  /** The Notify text template reminding the person of their first appointment. */
  @IsOptional()
  @IsUUID()
  NOTIFY_TEMPLATE_ID_SMS_REMINDER?: string;

  /** The Notify text template after a missed first appointment: the service's phone, and that they can still come. */
  @IsOptional()
  @IsUUID()
  NOTIFY_TEMPLATE_ID_SMS_MISSED?: string;

  check(production: boolean): string[] {
    const enabled = this.NOTIFY_EMAIL_ENABLED === undefined ? production || this.NOTIFY_API_KEY !== undefined : this.NOTIFY_EMAIL_ENABLED === 'true';
    if (enabled && this.NOTIFY_API_KEY === undefined) {
      return [`NOTIFY_API_KEY: required when e-mail is on (${this.NOTIFY_EMAIL_ENABLED === 'true' ? 'NOTIFY_EMAIL_ENABLED=true' : 'as it is in production unless NOTIFY_EMAIL_ENABLED=false'})`];
    }
    if (!enabled && this.NOTIFY_API_KEY !== undefined) return ['NOTIFY_API_KEY: set while NOTIFY_EMAIL_ENABLED=false; give one or the other'];
    return [];
  }
}

/** Replies to the person's texts, from GOV.UK Notify's "received text messages" callback (the API's). */
export class NotifyInboundSettings {
  /**
   * The bearer token set as the callback's token in Notify (its service's "Callbacks for
   * received text messages"), at least 32 characters. Unset, POST /v1/notify/received-texts
   * answers 404 and replies of STOP are not taken (staff can still record a withdrawal).
   */
  @IsOptional()
  @IsString()
  @Length(32, 1000, { message: 'NOTIFY_INBOUND_TOKEN must be 32 to 1000 characters' })
  NOTIFY_INBOUND_TOKEN?: string;
}

/** Where the web pages are, for links in e-mails and webhooks. */
export class WebLinkSettings {
  /** Where the web pages are: links in messages point at a task's or pathway's page there. */
  @RequiredInProduction('every link in an e-mail or webhook points there; the localhost default is refused')
  @HttpsInProduction()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  WEB_BASE_URL = 'http://localhost:3001';
}

/** HMPPS domain events, read from SQS. */
export class IntakeSettings implements ProductionChecked {
  /**
   * The SQS queue subscribed (not raw) to HMPPS's `hmpps-domain-events` topic; without it the
   * worker consumes no events. `npm start` sets it to its local goaws queue.
   */
  @HttpsInProduction()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  HMPPS_EVENTS_QUEUE_URL?: string;

  /** Where a message is put aside after HMPPS_EVENTS_MAX_RECEIVES receives or when it cannot be read; without it, SQS's own redrive policy does. */
  @HttpsInProduction()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  HMPPS_EVENTS_DLQ_URL?: string;

  /** The SQS endpoint, for a local SNS/SQS (goaws); without it the AWS SDK's own for AWS_REGION. */
  @HttpsInProduction()
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

  /**
   * Receives in flight at once, each of up to 10 messages. One lane waits for its slowest
   * message before it receives again, so a burst of releases needs several (docs/benchmarks.md, intake).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(32)
  HMPPS_EVENTS_POLLERS = 4;

  // ---- Release-date changes from HMPPS: Prisoner Search, HMPPS Auth, the debounce (docs/settings.md) ----

  /**
   * Prisoner Search (`GET {url}/prisoner/{prisonNumber}`), read after a release-date event and by
   * the nightly reconciliation. Without it the worker answers from the pathways' own
   * registrations (a development stand-in); production refuses to start without it while
   * HMPPS_EVENTS_QUEUE_URL is set.
   */
  @HttpsInProduction()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  PRISONER_SEARCH_URL?: string;

  /** HMPPS Auth, whose `/oauth/token` gives Prisoner Search's bearer token by client credentials. */
  @HttpsInProduction()
  @ValidateIf((c: IntakeSettings) => c.PRISONER_SEARCH_URL !== undefined)
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  HMPPS_AUTH_URL?: string;

  @ValidateIf((c: IntakeSettings) => c.PRISONER_SEARCH_URL !== undefined)
  @IsString()
  @IsNotEmpty()
  HMPPS_CLIENT_ID?: string;

  @ValidateIf((c: IntakeSettings) => c.PRISONER_SEARCH_URL !== undefined)
  @IsString()
  @IsNotEmpty()
  HMPPS_CLIENT_SECRET?: string;

  /** Seconds a person's release-date events are gathered before one read (Manage POM Cases waits an hour too). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  INTAKE_DEBOUNCE_SECONDS = 3600;

  /** Seconds one request to HMPPS Auth or Prisoner Search may take. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  INTAKE_SEARCH_TIMEOUT_SECONDS = 10;

  /** Tries at a read of one person (a timeout, a 5xx, no answer) before it becomes a review item; with the timeout, bounded to fit the check's 5 minutes. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  INTAKE_SEARCH_ATTEMPTS = 3;

  /** People the nightly reconciliation reads from Prisoner Search at once. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(32)
  INTAKE_RECONCILE_CONCURRENCY = 4;

  /**
   * Whether this worker keeps the nightly reconciliation's Schedule (while HMPPS events are on).
   * `true` or `false`; tests turn it off, since their workers share one Temporal.
   */
  @Transform(trueOrFalse)
  @IsBoolean({ message: 'INTAKE_RECONCILE_NIGHTLY must be true or false' })
  INTAKE_RECONCILE_NIGHTLY = true;

  check(production: boolean): string[] {
    return production && this.HMPPS_EVENTS_QUEUE_URL && !this.PRISONER_SEARCH_URL
      ? ['PRISONER_SEARCH_URL: required in production while HMPPS events are on (the development stand-in is refused)']
      : [];
  }
}

/** The worker process: its workflow cache, threads and bundle. */
export class WorkerSettings {
  /**
   * The worker's Prometheus metrics (the HMPPS events consumer's counters, process metrics) on
   * `GET /metrics` at this port; unset, the worker opens no port. Like the API's, unauthenticated:
   * bind it where only the scraper reaches.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  WORKER_METRICS_PORT?: number;

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

  /** A prebuilt workflow bundle; without it the worker bundles the workflow code at start. */
  @IsOptional()
  @IsString()
  WORKFLOW_BUNDLE_PATH?: string;
}

/** The web pages' own process: its port, the API it calls, sessions and OpenID Connect sign-in. */
export class WebAppSettings {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  WEB_PORT = 3001;

  /** The API, as the web app's own client calls it. */
  @HttpsInProduction()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  API_URL = 'http://127.0.0.1:3000';

  /** Signs the session cookie and the CSRF token. */
  @RequiredInProduction('the development session secret is refused')
  @IsOptional()
  @IsString()
  @MinLength(32)
  WEB_SESSION_SECRET?: string;

  /** OpenID Connect (authorisation code flow with PKCE) against the identity provider whose tokens the API trusts. */
  @RequiredInProduction('the development sign-in is refused')
  @HttpsInProduction()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  WEB_OIDC_ISSUER?: string;

  @ValidateIf((c: WebAppSettings) => c.WEB_OIDC_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty()
  WEB_OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  WEB_OIDC_CLIENT_SECRET?: string;

  /** Where the identity provider sends people back: this app's `/sign-in/callback`. */
  @HttpsInProduction()
  @ValidateIf((c: WebAppSettings) => c.WEB_OIDC_ISSUER !== undefined)
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  WEB_OIDC_REDIRECT_URI?: string;

  /** How long a session lasts without use, in minutes. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  WEB_SESSION_MINUTES = 8 * 60;

  /** How often, in seconds, expired sessions are deleted (on average: each wait is spread ±50%). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60 * 60)
  WEB_SESSION_PRUNE_SECONDS = 15 * 60;

  /**
   * Pages each address may ask for in a minute before `429`. Generous: the staff of a prison
   * or a service may share one address. Assets do not count.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEB_RATE_LIMIT_PER_MINUTE = 1200;
}
