/**
 * The web app's configuration, validated at boot. In production it needs a session secret and
 * an OpenID Connect client, and the development sign-in is refused; elsewhere it has
 * development defaults, as the API does.
 */
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

export class WebConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  WEB_PORT = 3001;

  /** The API, as the web app's own client calls it. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  API_URL = 'http://127.0.0.1:3000';

  /** Sessions are kept in PostgreSQL (the same database, its own table). */
  @IsString()
  @IsNotEmpty()
  DATABASE_URL: string;

  /** Signs the session cookie and the CSRF token; required in production. */
  @ValidateIf((c: WebConfig) => c.NODE_ENV === 'production' || c.WEB_SESSION_SECRET !== undefined)
  @IsString()
  @MinLength(32)
  WEB_SESSION_SECRET?: string;

  /** OpenID Connect (authorisation code flow with PKCE) against the identity provider whose tokens the API trusts. */
  @ValidateIf((c: WebConfig) => c.NODE_ENV === 'production' || c.WEB_OIDC_ISSUER !== undefined)
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  WEB_OIDC_ISSUER?: string;

  @ValidateIf((c: WebConfig) => c.WEB_OIDC_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty()
  WEB_OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  WEB_OIDC_CLIENT_SECRET?: string;

  /** Where the identity provider sends people back: this app's `/sign-in/callback`. */
  @ValidateIf((c: WebConfig) => c.WEB_OIDC_ISSUER !== undefined)
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

  get developmentSignIn(): boolean {
    return this.NODE_ENV !== 'production' && this.WEB_OIDC_ISSUER === undefined;
  }

  get sessionSecret(): string {
    return this.WEB_SESSION_SECRET ?? 'throughcare-web-development-session-secret-not-for-production';
  }
}

export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const config = plainToInstance(WebConfig, Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')), { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    throw new Error(`Invalid web configuration: ${errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`).join('; ')}`);
  }
  return config;
}
