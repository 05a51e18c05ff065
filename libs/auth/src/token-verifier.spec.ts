import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadConfig } from '@throughcare/config';
import { signDevelopmentToken } from './development-token';
import { InvalidTokenError, NoRoleError, TokenVerifier } from './token-verifier';

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
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('u1').setIssuer(issuer).setAudience('throughcare-api').setExpirationTime('5m').sign(privateKey);

    it('accepts its tokens and refuses the development key and other issuers', async () => {
      const sut = new TokenVerifier(loadConfig({ ...base, AUTH_JWKS_URL: url, AUTH_ISSUER: 'https://idp.test/', AUTH_AUDIENCE: 'throughcare-api' }));
      await expect(sut.verify(await sign({ name: 'A', org: 'LEI', roles: ['prison-healthcare'] }))).resolves.toMatchObject({ sub: 'u1', org: 'LEI' });
      await expect(sut.verify(await signDevelopmentToken({ org: 'LEI', roles: ['admin'] }))).rejects.toThrow(InvalidTokenError);
      await expect(sut.verify(await sign({ name: 'A', org: 'LEI', roles: [] }, 'https://evil.test/'))).rejects.toThrow(InvalidTokenError);
      await expect(sut.verify(await sign({ name: 'A', roles: [] }))).rejects.toThrow(/org/);
    });
  });
});
