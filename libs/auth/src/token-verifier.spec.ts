import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadConfig } from '@throughcare/config';
import { DEVELOPMENT_KEY, signDevelopmentToken } from './development-token';
import { IdentityProviderUnavailableError, InvalidTokenError, NoRoleError, TokenVerifier } from './token-verifier';

const base = { DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

describe(TokenVerifier.name, () => {
  it('accepts a development token locally', async () => {
    const sut = new TokenVerifier(loadConfig(base));
    await expect(sut.verify(await signDevelopmentToken({ org: 'LEI', roles: ['prison-healthcare', 'pirate'] }))).resolves.toMatchObject({
      org: 'LEI',
      roles: ['prison-healthcare'],
    });
  });

  it('refuses a token with none of our roles, as granting nothing', async () => {
    const sut = new TokenVerifier(loadConfig(base));
    await expect(sut.verify(await signDevelopmentToken({ org: 'LEI', roles: ['pirate'] }))).rejects.toThrow(NoRoleError);
    await expect(sut.verify(await signDevelopmentToken({ org: 'LEI', roles: [] }))).rejects.toThrow(NoRoleError);
  });

  describe('how long a token may live', () => {
    const sut = new TokenVerifier(loadConfig(base));
    const now = Math.floor(Date.now() / 1000);
    /** A development-key token with exactly these times (undefined: the claim is left out). */
    const signed = (times: { iat?: number; exp?: number }) => {
      const jwt = new SignJWT({ name: 'A', org: 'LEI', roles: ['prison-healthcare'] })
        .setProtectedHeader({ alg: DEVELOPMENT_KEY.alg })
        .setSubject('u1')
        .setIssuer(DEVELOPMENT_KEY.issuer)
        .setAudience(DEVELOPMENT_KEY.audience);
      if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
      if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
      return jwt.sign(DEVELOPMENT_KEY.secret);
    };

    it('accepts a token of up to 12 hours by default', async () => {
      await expect(sut.verify(await signed({ iat: now, exp: now + 12 * 3600 }))).resolves.toMatchObject({ sub: 'u1' });
      await expect(sut.verify(await signed({ iat: now - 3600, exp: now + 3600 }))).resolves.toMatchObject({ sub: 'u1' });
    });

    it('refuses a token without an expiry', async () => {
      await expect(sut.verify(await signed({ iat: now }))).rejects.toThrow(new InvalidTokenError('The token has no expiry (exp)'));
    });

    it('refuses a token that does not say when it was issued', async () => {
      await expect(sut.verify(await signed({ exp: now + 600 }))).rejects.toThrow(InvalidTokenError);
      await expect(sut.verify(await signed({ exp: now + 10 * 365 * 86_400 }))).rejects.toThrow(/iat/);
    });

    it('refuses a token that lives longer than AUTH_MAX_TOKEN_LIFETIME_MINUTES', async () => {
      await expect(sut.verify(await signed({ iat: now, exp: now + 12 * 3600 + 1 }))).rejects.toThrow(/longer than 12 h/);
      await expect(sut.verify(await signed({ iat: now - 86_400 * 365, exp: now + 60 }))).rejects.toThrow(/longer than 12 h/);
      const strict = new TokenVerifier(loadConfig({ ...base, AUTH_MAX_TOKEN_LIFETIME_MINUTES: '60' }));
      await expect(strict.verify(await signed({ iat: now, exp: now + 3600 }))).resolves.toMatchObject({ sub: 'u1' });
      await expect(strict.verify(await signed({ iat: now, exp: now + 3601 }))).rejects.toThrow(/longer than 1 h/);
    });

    it('refuses a token whose expiry is far off, however recently it claims to have been issued', async () => {
      const inTenYears = now + 10 * 365 * 86_400;
      await expect(sut.verify(await signed({ iat: inTenYears - 60, exp: inTenYears }))).rejects.toThrow(/issued in the future/);
      await expect(sut.verify(await signed({ iat: now + 30, exp: now + 600 }))).resolves.toMatchObject({ sub: 'u1' }); // clocks differ a little
    });

    it('refuses an expired token, and the development tokens the tests use pass', async () => {
      await expect(sut.verify(await signed({ iat: now - 7200, exp: now - 3600 }))).rejects.toThrow(/ERR_JWT_EXPIRED/);
      await expect(sut.verify(await signDevelopmentToken({ org: 'LEI', roles: ['prison-healthcare'] }))).resolves.toMatchObject({ org: 'LEI' });
    });
  });

  describe("with the identity provider's JWKS", () => {
    let server: Server;
    let url: string;
    let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

    beforeAll(async () => {
      const pair = await generateKeyPair('ES256');
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
      server = createServer((_, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });

    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const sign = (claims: Record<string, unknown>, issuer = 'https://idp.test/') =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('u1').setIssuer(issuer).setAudience('throughcare-api').setIssuedAt().setExpirationTime('5m').sign(privateKey);

    it('accepts its tokens and refuses the development key and other issuers', async () => {
      const sut = new TokenVerifier(loadConfig({ ...base, AUTH_JWKS_URL: url, AUTH_ISSUER: 'https://idp.test/', AUTH_AUDIENCE: 'throughcare-api' }));
      await expect(sut.verify(await sign({ name: 'A', org: 'LEI', roles: ['prison-healthcare'] }))).resolves.toMatchObject({ sub: 'u1', org: 'LEI' });
      await expect(sut.verify(await signDevelopmentToken({ org: 'LEI', roles: ['admin'] }))).rejects.toThrow(InvalidTokenError);
      await expect(sut.verify(await sign({ name: 'A', org: 'LEI', roles: [] }, 'https://evil.test/'))).rejects.toThrow(InvalidTokenError);
      await expect(sut.verify(await sign({ name: 'A', roles: [] }))).rejects.toThrow(/org/);
    });

    it('says the identity provider is unavailable, not that the token is bad, when its keys cannot be fetched', async () => {
      const sut = new TokenVerifier(loadConfig({ ...base, AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json', AUTH_ISSUER: 'https://idp.test/', AUTH_AUDIENCE: 'throughcare-api' }));
      await expect(sut.verify(await sign({ name: 'A', org: 'LEI', roles: ['prison-healthcare'] }))).rejects.toThrow(IdentityProviderUnavailableError);
    });
  });
});
