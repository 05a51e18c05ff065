/**
 * The local development signing key, and tokens signed with it for `npm run token` and the
 * tests. Production verifies tokens from the identity provider's JWKS and refuses this key.
 * Kept free of decorators and relative imports so Node can run it straight from TypeScript.
 */
import { SignJWT } from 'jose';

export const DEVELOPMENT_KEY = {
  alg: 'HS256',
  issuer: 'throughcare-local',
  audience: 'throughcare-api',
  secret: new TextEncoder().encode('throughcare-local-development-key-do-not-use-in-production'),
} as const;

export interface DevelopmentTokenClaims {
  org: string;
  roles: string[];
  sub?: string;
  name?: string;
  ttl?: string;
}

export function signDevelopmentToken({ org, roles, sub, name, ttl = '8h' }: DevelopmentTokenClaims): Promise<string> {
  return new SignJWT({ name: name ?? `${org} user`, org, roles })
    .setProtectedHeader({ alg: DEVELOPMENT_KEY.alg })
    .setSubject(sub ?? `${org.toLowerCase()}-user`)
    .setIssuer(DEVELOPMENT_KEY.issuer)
    .setAudience(DEVELOPMENT_KEY.audience)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(DEVELOPMENT_KEY.secret);
}
