/**
 * Keys for the production-like topology, generated on its first start and kept in its data
 * directory (mode 600), never the development ones: an ES256 signing key for the stand-in
 * identity provider (its public half served as a JWKS, which production requires), the
 * Temporal payload key, the keys of webhook secrets and mobile numbers at rest, and the passwords of the application's and Temporal's logins.
 */
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import type { JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const PRODUCTION_LIKE_ISSUER = 'https://identity.production-like.throughcare.invalid/';
export const PRODUCTION_LIKE_AUDIENCE = 'throughcare-api';

export interface ProductionKeys {
  signingKey: JWK & { kid: string };
  /** `id:base64key`, as TEMPORAL_PAYLOAD_KEYS takes it. */
  payloadKeyId: string;
  payloadKey: string;
  /** `id:base64key`, as WEBHOOK_SECRET_KEYS takes it: seals webhook secrets at rest. */
  webhookSecretKeyId: string;
  webhookSecretKey: string;
  /** `id:base64key`, as CONTACT_KEYS takes it: seals people's mobile numbers at rest. */
  contactKeyId: string;
  contactKey: string;
  appDatabasePassword: string;
  temporalDatabasePassword: string;
}

export function keysFile(dataDir: string): string {
  return path.join(dataDir, 'keys.json');
}

/** The keys in `dataDir`, generated and written there if it has none yet. */
export async function loadOrGenerateKeys(dataDir: string): Promise<ProductionKeys> {
  const file = keysFile(dataDir);
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as ProductionKeys;
    if (kept.webhookSecretKey && kept.contactKey) return kept;
    // A data directory from before webhook secrets (or mobile numbers) were sealed: it gains their key.
    const keys = {
      ...kept,
      ...(kept.webhookSecretKey ? {} : { webhookSecretKeyId: `w${today()}`, webhookSecretKey: randomBytes(32).toString('base64') }),
      ...(kept.contactKey ? {} : { contactKeyId: `c${today()}`, contactKey: randomBytes(32).toString('base64') }),
    };
    writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
    return keys;
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const made = today();
  const keys: ProductionKeys = {
    signingKey: { ...(await exportJWK(privateKey)), kid: `sig-${made}`, alg: 'ES256', use: 'sig' },
    payloadKeyId: `k${made}`,
    payloadKey: randomBytes(32).toString('base64'),
    webhookSecretKeyId: `w${made}`,
    webhookSecretKey: randomBytes(32).toString('base64'),
    contactKeyId: `c${made}`,
    contactKey: randomBytes(32).toString('base64'),
    appDatabasePassword: randomBytes(18).toString('base64url'),
    temporalDatabasePassword: randomBytes(18).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

function today(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}

export function readKeys(dataDir: string): ProductionKeys {
  const file = keysFile(dataDir);
  if (!existsSync(file)) throw new Error(`No keys in ${dataDir}: start the production-like topology once (npm run start:production-like)`);
  return JSON.parse(readFileSync(file, 'utf8')) as ProductionKeys;
}

/** The public half of the signing key, as a JWKS. */
export function jwks(keys: ProductionKeys): { keys: JWK[] } {
  const { d: _private, ...publicKey } = keys.signingKey;
  return { keys: [publicKey] };
}

/** A token the stand-in identity provider would issue: signed with the generated key. */
export async function signProductionToken(keys: ProductionKeys, claims: { org: string; roles: string[]; sub?: string; name?: string; ttl?: string }): Promise<string> {
  const key = await importJWK(keys.signingKey, 'ES256');
  return new SignJWT({ name: claims.name ?? `${claims.org} user`, org: claims.org, roles: claims.roles })
    .setProtectedHeader({ alg: 'ES256', kid: keys.signingKey.kid })
    .setSubject(claims.sub ?? `${claims.org.toLowerCase()}-user`)
    .setIssuer(PRODUCTION_LIKE_ISSUER)
    .setAudience(PRODUCTION_LIKE_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.ttl ?? '8h')
    .sign(key);
}

/** The stand-in identity provider: only its JWKS, which the API fetches to check tokens. */
export async function serveJwks(keys: ProductionKeys, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const body = JSON.stringify(jwks(keys));
  const server = createServer((_, res) => res.setHeader('content-type', 'application/json').end(body));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  return { url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
