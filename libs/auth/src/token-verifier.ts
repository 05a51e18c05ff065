/**
 * Verifies bearer tokens: against the identity provider's JWKS when one is configured (and
 * production requires it), else with the local development key.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { Config } from '@throughcare/config';
import { DEVELOPMENT_KEY } from './development-token';
import { AuthenticatedUser, Role, ROLES } from './user';

export class InvalidTokenError extends Error {}

/** A valid token that grants nothing here: none of its roles is one of Throughcare's. */
export class NoRoleError extends Error {}

type Verify = (token: string) => Promise<JWTPayload>;

@Injectable()
export class TokenVerifier {
  private readonly verifyToken: Verify;

  constructor(@Inject(Config) config: Config) {
    if (config.AUTH_JWKS_URL) {
      const jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
      const options = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
      this.verifyToken = async (token) => (await jwtVerify(token, jwks, options)).payload;
    } else {
      const options = { issuer: DEVELOPMENT_KEY.issuer, audience: DEVELOPMENT_KEY.audience, algorithms: [DEVELOPMENT_KEY.alg] };
      this.verifyToken = async (token) => (await jwtVerify(token, DEVELOPMENT_KEY.secret, options)).payload;
    }
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    let payload: JWTPayload;
    try {
      payload = await this.verifyToken(token);
    } catch (err) {
      if (err instanceof errors.JOSEError) throw new InvalidTokenError(`The token is not valid: ${err.code}`);
      throw err;
    }
    const { sub, name, org, roles } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof name !== 'string' || typeof org !== 'string' || !Array.isArray(roles)) {
      throw new InvalidTokenError('The token lacks sub, name, org or roles');
    }
    // An identity provider may add roles of its own: those are ignored, but one of ours is needed.
    const known = roles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r));
    if (known.length === 0) throw new NoRoleError(`The token carries none of the roles ${ROLES.join(', ')}`);
    return { sub, name, org, roles: known };
  }
}
