/**
 * Verifies bearer tokens: against the identity provider's JWKS when one is configured (and
 * production requires it), else with the local development key. A token must say when it
 * was issued and when it expires, and may live at most AUTH_MAX_TOKEN_LIFETIME_MINUTES: a
 * leaked token without an expiry, or with one years away, would open the records for good.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { Config } from '@throughcare/config';
import { DEVELOPMENT_KEY } from './development-token';
import { AuthenticatedUser, Role, ROLES } from './user';

export class InvalidTokenError extends Error {}

/** A valid token that grants nothing here: none of its roles is one of Throughcare's. */
export class NoRoleError extends Error {}

/** The identity provider's keys could not be fetched: nothing is wrong with the token as far as we know. */
export class IdentityProviderUnavailableError extends Error {}

type Verify = (token: string) => Promise<JWTPayload>;

/** Clocks differ a little between the identity provider and us. */
const CLOCK_SKEW_SECONDS = 60;

@Injectable()
export class TokenVerifier {
  private readonly verifyToken: Verify;
  private readonly maxLifetimeSeconds: number;

  constructor(@Inject(Config) config: Config) {
    this.maxLifetimeSeconds = config.AUTH_MAX_TOKEN_LIFETIME_MINUTES * 60;
    if (config.AUTH_JWKS_URL) {
      const jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
      const options = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
      this.verifyToken = async (token) => (await jwtVerify(token, jwks, options)).payload;
    } else {
      const options = { issuer: DEVELOPMENT_KEY.issuer, audience: DEVELOPMENT_KEY.audience, algorithms: [DEVELOPMENT_KEY.alg] };
      this.verifyToken = async (token) => (await jwtVerify(token, DEVELOPMENT_KEY.secret, options)).payload;
    }
  }

  async verify(token: string, now = new Date()): Promise<AuthenticatedUser> {
    let payload: JWTPayload;
    try {
      payload = await this.verifyToken(token);
    } catch (err) {
      if (err instanceof errors.JOSEError) throw new InvalidTokenError(`The token is not valid: ${err.code}`);
      throw new IdentityProviderUnavailableError('The identity provider’s signing keys could not be fetched');
    }
    this.checkLifetime(payload, Math.floor(now.getTime() / 1000));
    const { sub, name, org, roles } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof name !== 'string' || typeof org !== 'string' || !Array.isArray(roles)) {
      throw new InvalidTokenError('The token lacks sub, name, org or roles');
    }
    // An identity provider may add roles of its own: those are ignored, but one of ours is needed.
    const known = roles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r));
    if (known.length === 0) throw new NoRoleError(`The token carries none of the roles ${ROLES.join(', ')}`);
    return { sub, name, org, roles: known };
  }

  /** jose has checked that `exp` has not passed and that `exp` and `iat`, when present, are numbers. */
  private checkLifetime({ exp, iat }: JWTPayload, now: number): void {
    const hours = `${this.maxLifetimeSeconds / 3600} h`;
    if (exp === undefined) throw new InvalidTokenError('The token has no expiry (exp)');
    if (iat === undefined) throw new InvalidTokenError('The token does not say when it was issued (iat)');
    if (exp - iat > this.maxLifetimeSeconds) throw new InvalidTokenError(`The token lives longer than ${hours} (exp − iat)`);
    // Else a token "issued" in ten years' time, expiring a minute later, would pass; with this,
    // no accepted token expires more than the longest lifetime (and the skew) from now.
    if (iat > now + CLOCK_SKEW_SECONDS) throw new InvalidTokenError('The token says it was issued in the future (iat)');
  }
}
