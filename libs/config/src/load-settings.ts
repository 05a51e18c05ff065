/**
 * The one loader of the API, the worker and the web app. Each app names the groups of settings it
 * needs (libs/config/src/groups.ts); each group is validated with class-validator, and in
 * production (NODE_ENV=production) the process also refuses to start, naming the setting, without
 * a setting marked required in production or with a URL that is not https. Reading a setting of a
 * group the app did not load throws, so nothing runs on a default nobody validated.
 */
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';

export class ConfigError extends Error {}

/** A class of settings named as their environment variables, validated with class-validator. */
export type SettingsGroup = new () => object;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
export type Settings<G extends readonly SettingsGroup[]> = UnionToIntersection<InstanceType<G[number]>>;

/** What production needs a group to check beyond each setting's own rules. */
export interface ProductionChecked {
  /** Fills in defaults that depend on NODE_ENV, and returns problems, each `SETTING: why`. */
  check(production: boolean, env: Readonly<Record<string, string>>): string[];
}

const requiredInProduction = new Map<object, Map<string, string>>();
const httpsInProduction = new Map<object, Set<string>>();

/** The setting must be given in production (its default is for a developer's machine); `why` ends the message. */
export function RequiredInProduction(why: string): PropertyDecorator {
  return (target, property) => {
    const map = requiredInProduction.get(target.constructor) ?? new Map<string, string>();
    requiredInProduction.set(target.constructor, map.set(String(property), why));
  };
}

/** The setting is a URL, or a comma-separated list of URLs or origins, that must be https in production. */
export function HttpsInProduction(): PropertyDecorator {
  return (target, property) => {
    const set = httpsInProduction.get(target.constructor) ?? new Set<string>();
    httpsInProduction.set(target.constructor, set.add(String(property)));
  };
}

/** The names of a group's settings: every property with a validation rule. */
export function settingNames(group: SettingsGroup): string[] {
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(group, '', true, false).map((m) => m.propertyName))];
}

/**
 * Loads `groups` from `env` into `target` (a plain object unless given). An empty variable counts
 * as unset. Throws a ConfigError naming every setting that is wrong.
 */
export function loadSettings<G extends readonly SettingsGroup[], T extends object = object>(groups: G, env: NodeJS.ProcessEnv, allGroups: readonly SettingsGroup[], target?: T): Settings<G> & T {
  const given = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const production = given.NODE_ENV === 'production';
  const allowHttp = given.ALLOW_HTTP_URLS === 'true';
  const into = (target ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  for (const group of groups) {
    const settings = plainToInstance(group, given, { enableImplicitConversion: false, exposeDefaultValues: true }) as Record<string, unknown>;
    for (const e of validateSync(settings)) lines.push(`${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    if ('check' in settings) lines.push(...(settings as unknown as ProductionChecked).check(production, given));
    if (production) {
      for (const [name, why] of requiredInProduction.get(group) ?? []) if (given[name] === undefined) lines.push(`${name}: required in production (${why})`);
      for (const name of allowHttp ? [] : (httpsInProduction.get(group) ?? [])) {
        const value = settings[name];
        if (typeof value === 'string' && value.split(',').some((url) => !url.trim().toLowerCase().startsWith('https://'))) {
          lines.push(`${name}: must be https in production (ALLOW_HTTP_URLS=true allows http for a production-like run on one machine)`);
        }
      }
    }
    for (const name of settingNames(group)) into[name] = settings[name];
  }
  if (lines.length > 0) throw new ConfigError(`Invalid configuration:\n  ${[...new Set(lines)].join('\n  ')}`);
  return guardUnloaded(into, groups, allGroups) as Settings<G> & T;
}

/** Reading a setting whose group was not loaded throws, naming the group to add. */
function guardUnloaded(settings: Record<string, unknown>, loaded: readonly SettingsGroup[], all: readonly SettingsGroup[]): object {
  const owner = new Map<string, string>();
  for (const group of all) if (!loaded.includes(group)) for (const name of settingNames(group)) if (!(name in settings)) owner.set(name, group.name);
  return new Proxy(settings, {
    get(target, property, receiver) {
      if (typeof property === 'string' && owner.has(property)) {
        throw new ConfigError(`${property} is not among this process's settings: add ${owner.get(property)} to its groups (libs/config)`);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
