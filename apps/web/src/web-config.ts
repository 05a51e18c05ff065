/**
 * The web app's configuration: its groups of settings (libs/config), loaded by the loader the API
 * and worker use. In production it needs a session secret and an OpenID Connect client, and the
 * development sign-in is refused; elsewhere it has development defaults, as the API does.
 */
import { ALL_SETTINGS, DatabaseSettings, loadSettings, RuntimeSettings, type Settings, WebAppSettings } from '@throughcare/config';

export const WEB_SETTINGS = [RuntimeSettings, DatabaseSettings, WebAppSettings] as const;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class WebConfig {
  get developmentSignIn(): boolean {
    return this.NODE_ENV !== 'production' && this.WEB_OIDC_ISSUER === undefined;
  }

  get sessionSecret(): string {
    return this.WEB_SESSION_SECRET ?? 'throughcare-web-development-session-secret-not-for-production';
  }
}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface WebConfig extends Settings<typeof WEB_SETTINGS> {}

export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  return loadSettings(WEB_SETTINGS, env, ALL_SETTINGS, new WebConfig());
}
