import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { DESTINATION_REFUSED, guardedAgent, isDestinationRefused, refusedByUrl, refusedDestination } from './destination';

describe('where a server-side request may go', () => {
  it('refuses an address or a metadata service from the URL alone', () => {
    expect(refusedByUrl(new URL('https://169.254.169.254/latest/meta-data/'))).toBe('linkLocal');
    expect(refusedByUrl(new URL('https://[::ffff:127.0.0.1]/'))).toBe('loopback');
    expect(refusedByUrl(new URL('https://[fd00:ec2::254]/'))).toBe('uniqueLocal');
    expect(refusedByUrl(new URL('https://0x7f.1:6379/'))).toBe('loopback');
    expect(refusedByUrl(new URL('https://metadata.google.internal/computeMetadata/v1/'))).toBe('metadata');
    expect(refusedByUrl(new URL('https://93.184.215.14/hook'))).toBeUndefined();
    expect(refusedByUrl(new URL('https://cts.example.org/hook'))).toBeUndefined();
  });

  it('refuses a name that resolves to a forbidden address, any one of its addresses', async () => {
    expect(await refusedDestination('https://localhost:6379/')).toBe('loopback');
    const answers = (addresses: string[]) => async () => addresses.map((address) => ({ address }));
    expect(await refusedDestination('https://cts.example.org/hook', answers(['93.184.215.14', '10.1.2.3']))).toBe('private');
    expect(await refusedDestination('https://cts.example.org/hook', answers(['93.184.215.14', '2606:4700:4700::1111']))).toBeUndefined();
  });

  it('leaves a name that does not resolve to the check made on delivery', async () => {
    const noAnswer = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await refusedDestination('https://cts.example.org/hook', noAnswer)).toBeUndefined();
    // A metadata name is refused without asking DNS at all.
    expect(await refusedDestination('https://metadata.google.internal/', noAnswer)).toBe('metadata');
  });

  describe('a connection through the guarded agent', () => {
    let server: http.Server;
    let port: number;
    let connections = 0;

    beforeAll(async () => {
      server = http.createServer((_req, res) => res.writeHead(204).end());
      server.on('connection', () => connections++);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is refused before connecting when the name resolves to a forbidden address', async () => {
      const agent = guardedAgent();
      const before = connections;
      const err: unknown = await fetch(`http://localhost:${port}/hook`, { method: 'POST', dispatcher: agent }).catch((e: unknown) => e);
      expect(isDestinationRefused(err)).toBe(true);
      expect((err as Error).cause).toMatchObject({ code: DESTINATION_REFUSED });
      expect(connections).toBe(before);
      await agent.close();
    });

    it('connects to the address the check passed', async () => {
      // Here every address passes, to show the lookup hands the checked addresses to the socket.
      const seen: string[] = [];
      const agent = guardedAgent((address) => void seen.push(address));
      const response = await fetch(`http://localhost:${port}/hook`, { method: 'POST', dispatcher: agent });
      expect(response.status).toBe(204);
      expect(seen).toContain('127.0.0.1');
      await agent.close();
    });

    it('does not mistake another failure for a refusal', async () => {
      const err: unknown = await fetch('http://127.0.0.1:1/hook', { dispatcher: guardedAgent() }).catch((e: unknown) => e);
      expect(isDestinationRefused(err)).toBe(false);
    });
  });
});
