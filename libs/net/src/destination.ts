/**
 * Whether a server-side request may go to a URL: refused when its host is, or resolves to, an
 * address that is not public (see address-ranges), or names a cloud metadata service. The API
 * checks when a URL is saved; the worker checks again on every connection, after DNS, and
 * connects to the address it checked (`guardedLookup`), so a name cannot answer one address to
 * the check and another to the connection (DNS rebinding).
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { forbiddenRange, isMetadataName } from './address-ranges';
import { hostOf } from './webhook-url';

/** The code on the error a refused connection fails with; the only words stored for it are DESTINATION_NOT_ALLOWED. */
export const DESTINATION_REFUSED = 'EDESTINATIONREFUSED';
export const DESTINATION_NOT_ALLOWED = 'destination not allowed';

export class DestinationRefusedError extends Error {
  readonly code = DESTINATION_REFUSED;
  constructor(readonly range: string) {
    super(`${DESTINATION_NOT_ALLOWED} (${range})`);
  }
}

/** The reason a URL is refused from the URL alone (an address, or a metadata service's name), before any DNS. */
export function refusedByUrl(url: URL): string | undefined {
  const host = hostOf(url);
  if (isIP(host)) return forbiddenRange(host);
  return isMetadataName(host) ? 'metadata' : undefined;
}

type Resolve = (hostname: string) => Promise<Array<{ address: string }>>;
const resolveAll: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * The reason a URL is refused, from the URL or from any address its name resolves to now. A
 * name that does not resolve is not refused here: nothing can be sent to it, and every
 * delivery checks its answer again.
 */
export async function refusedDestination(raw: string, resolve: Resolve = resolveAll): Promise<string | undefined> {
  const url = new URL(raw);
  const byUrl = refusedByUrl(url);
  if (byUrl || isIP(hostOf(url))) return byUrl;
  const addresses = await resolve(hostOf(url)).catch(() => []);
  return addresses.map((a) => forbiddenRange(a.address)).find((range) => range !== undefined);
}

/**
 * A socket's `lookup` that resolves as usual and fails with DestinationRefusedError when any
 * address is forbidden: the socket connects only to the addresses checked here. Node calls it
 * with `all` (trying each address in turn) or without (one address).
 */
export function guardedLookup(forbidden: (address: string) => string | undefined = forbiddenRange): LookupFunction {
  return (hostname, options, callback) =>
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => forbidden(a.address)).find((range) => range !== undefined);
      if (refused || addresses.length === 0) return callback(new DestinationRefusedError(refused ?? 'no address'), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
}

/**
 * An HTTP agent whose every connection to a name goes through guardedLookup. A socket given an
 * address connects without a lookup: refusedByUrl checks those before the request.
 */
export function guardedAgent(forbidden?: (address: string) => string | undefined): Agent {
  return new Agent({ connect: { lookup: guardedLookup(forbidden) } });
}

/** Whether a failed request was refused by guardedLookup (fetch wraps the socket's error as its cause). */
export function isDestinationRefused(err: unknown): boolean {
  // Not `instanceof Error`: an error made by Node's own sockets may come from another realm (a test's sandbox).
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === DESTINATION_REFUSED) return true;
  }
  return false;
}
