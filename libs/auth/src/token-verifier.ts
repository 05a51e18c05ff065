/** Verifies bearer tokens. Locally with the development key; the identity provider's JWKS comes with full access control. */
import { Injectable } from '@nestjs/common';
import { errors, jwtVerify } from 'jose';
import { DEVELOPMENT_KEY } from './development-token';
import { AuthenticatedUser, Role, ROLES } from './user';

export class InvalidTokenError extends Error {}

@Injectable()
export class TokenVerifier {
  async verify(token: string): Promise<AuthenticatedUser> {
    try {
      const { payload } = await jwtVerify(token, DEVELOPMENT_KEY.secret, {
        issuer: DEVELOPMENT_KEY.issuer,
        audience: DEVELOPMENT_KEY.audience,
        algorithms: [DEVELOPMENT_KEY.alg],
      });
      const { sub, name, org, roles } = payload as Record<string, unknown>;
      if (typeof sub !== 'string' || typeof name !== 'string' || typeof org !== 'string' || !Array.isArray(roles)) {
        throw new InvalidTokenError('The token lacks sub, name, org or roles');
      }
      const known = roles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r));
      return { sub, name, org, roles: known };
    } catch (err) {
      if (err instanceof InvalidTokenError) throw err;
      if (err instanceof errors.JOSEError) throw new InvalidTokenError(`The token is not valid: ${err.code}`);
      throw err;
    }
  }
}
