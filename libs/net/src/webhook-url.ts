/**
 * A webhook URL in one spelling, so "listed once" means one receiver: the WHATWG URL parser
 * lower-cases the scheme and host, drops a default port and writes an IP address one way
 * (`https://2130706433/` is `https://127.0.0.1/`); a trailing slash on a path and a fragment
 * (never sent) are dropped here. `…/a`, `…/a/` and `HTTP://…/a` are one endpoint.
 */
export function normaliseWebhookUrl(raw: string): string {
  const url = new URL(raw);
  url.hash = '';
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url.href;
}

/** A user name or password in a URL is a credential stored in plain sight and echoed in every answer. */
export function hasCredentials(raw: string): boolean {
  const url = new URL(raw);
  return url.username !== '' || url.password !== '';
}

/** The host as an address or name: IPv6 brackets off, lower case, no trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase().replace(/\.$/, '');
}
