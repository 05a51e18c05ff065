/**
 * The API's and the worker's configuration: each loads the groups of settings it needs
 * (groups.ts) through the one loader (load-settings.ts), and the web app its own
 * (apps/web/src/web-config.ts). `Config` is the type and the Nest token of either process's
 * settings; a setting read from a group the process did not load throws.
 */
import {
  AuthSettings,
  ContactSettings,
  DatabaseSettings,
  FhirSettings,
  HttpSettings,
  IdempotencySettings,
  ImportSettings,
  IntakeSettings,
  NotificationSettings,
  NotifyInboundSettings,
  NotifySettings,
  PathwaySettings,
  RuntimeSettings,
  TemporalSettings,
  WebhookSettings,
  WebAppSettings,
  WebLinkSettings,
  WorkerSettings,
} from './groups';
import { loadSettings, type Settings } from './load-settings';

export const API_SETTINGS = [RuntimeSettings, DatabaseSettings, TemporalSettings, PathwaySettings, AuthSettings, HttpSettings, FhirSettings, IdempotencySettings, ImportSettings, NotificationSettings, WebhookSettings, ContactSettings, NotifyInboundSettings] as const;

export const WORKER_SETTINGS = [
  RuntimeSettings,
  DatabaseSettings,
  TemporalSettings,
  PathwaySettings,
  FhirSettings,
  IdempotencySettings,
  // The import activities' slots (IMPORT_CONCURRENCY) are the worker's; the API puts both values in an import's input.
  ImportSettings,
  NotificationSettings,
  WebhookSettings,
  // textingContact opens a number for the texts' activities.
  ContactSettings,
  NotifySettings,
  WebLinkSettings,
  IntakeSettings,
  WorkerSettings,
] as const;

/** Both server processes' groups: for tests and tools that run the API and the worker in one process. */
export const SERVER_SETTINGS = [...API_SETTINGS, NotifySettings, WebLinkSettings, IntakeSettings, WorkerSettings] as const;

/** Every group, so that a setting read from a group a process did not load is named (load-settings.ts). */
export const ALL_SETTINGS = [...SERVER_SETTINGS, WebAppSettings] as const;

/** The settings of the API or the worker (the Nest token they are injected by). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Config {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Config extends Settings<typeof SERVER_SETTINGS> {}

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadSettings(API_SETTINGS, env, ALL_SETTINGS) as Config;
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadSettings(WORKER_SETTINGS, env, ALL_SETTINGS) as Config;
}

/** Every server setting: for tests and tools that run the API and the worker in one process. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadSettings(SERVER_SETTINGS, env, ALL_SETTINGS) as Config;
}
