/**
 * A bearer token for HMPPS APIs from HMPPS Auth by client credentials
 * (`POST {HMPPS_AUTH_URL}/oauth/token`, the client id and secret as HTTP Basic auth), cached
 * until a minute before it expires so a nightly reconciliation of thousands of people asks once.
 * Concurrent callers share one request. The secret never reaches a log.
 */
import { Config } from '@throughcare/config';

/** A token is renewed this long before HMPPS Auth says it expires. */
const EXPIRY_MARGIN_MS = 60_000;

export class HmppsAuthFailed extends Error {
  constructor(readonly status?: number) {
    super(status ? `HMPPS Auth answered ${status}` : 'HMPPS Auth did not answer');
    this.name = 'HmppsAuthFailed';
  }
}

export class HmppsAuthClient {
  private cached?: { token: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly config: Pick<Config, 'HMPPS_AUTH_URL' | 'HMPPS_CLIENT_ID' | 'HMPPS_CLIENT_SECRET' | 'INTAKE_SEARCH_TIMEOUT_SECONDS'>,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.token;
    this.pending ??= this.request().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets the token (Prisoner Search refused it: revoked, or the clocks disagree). */
  forget(): void {
    this.cached = undefined;
  }

  private async request(): Promise<string> {
    const basic = Buffer.from(`${encodeURIComponent(this.config.HMPPS_CLIENT_ID!)}:${encodeURIComponent(this.config.HMPPS_CLIENT_SECRET!)}`).toString('base64');
    let res: Response;
    try {
      res = await fetch(`${this.config.HMPPS_AUTH_URL!.replace(/\/$/, '')}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: 'grant_type=client_credentials',
        signal: AbortSignal.timeout(this.config.INTAKE_SEARCH_TIMEOUT_SECONDS * 1000),
      });
    } catch {
      throw new HmppsAuthFailed();
    }
    if (!res.ok) throw new HmppsAuthFailed(res.status);
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || !body.access_token) throw new HmppsAuthFailed(res.status);
    const lifetimeMs = (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300) * 1000;
    this.cached = { token: body.access_token, renewAt: this.now() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS) };
    return body.access_token;
  }
}
