import { hasCredentials, hostOf, normaliseWebhookUrl } from './webhook-url';

describe('a webhook URL in one spelling', () => {
  it('makes …/a, …/a/ and HTTP://…/a one endpoint', () => {
    const spellings = ['https://cts.example.org/a', 'https://cts.example.org/a/', 'HTTPS://CTS.Example.ORG/a', 'https://cts.example.org:443/a//', 'https://cts.example.org/a#top'];
    expect(new Set(spellings.map(normaliseWebhookUrl))).toEqual(new Set(['https://cts.example.org/a']));
    expect(normaliseWebhookUrl('HTTP://127.0.0.1:80/hook/')).toBe('http://127.0.0.1/hook');
  });

  it('keeps what tells receivers apart: the path case, the query and a port of its own', () => {
    expect(normaliseWebhookUrl('https://cts.example.org/A')).toBe('https://cts.example.org/A');
    expect(normaliseWebhookUrl('https://cts.example.org/a?team=1')).toBe('https://cts.example.org/a?team=1');
    expect(normaliseWebhookUrl('https://cts.example.org:8443/a')).toBe('https://cts.example.org:8443/a');
    expect(normaliseWebhookUrl('https://cts.example.org')).toBe('https://cts.example.org/');
    expect(normaliseWebhookUrl('https://cts.example.org/')).toBe('https://cts.example.org/');
  });

  it('writes an IP address one way', () => {
    expect(normaliseWebhookUrl('https://2130706433/')).toBe('https://127.0.0.1/');
    expect(normaliseWebhookUrl('https://[::FFFF:127.0.0.1]/')).toBe('https://[::ffff:7f00:1]/');
  });

  it('finds a user name or password', () => {
    expect(hasCredentials('http://user:pass@cts.example.org/hook')).toBe(true);
    expect(hasCredentials('https://user@cts.example.org/hook')).toBe(true);
    expect(hasCredentials('https://:pass@cts.example.org/hook')).toBe(true);
    expect(hasCredentials('https://cts.example.org/hook?user=a')).toBe(false);
  });

  it('gives the host without brackets, case or a trailing dot', () => {
    expect(hostOf(new URL('https://[::ffff:127.0.0.1]/'))).toBe('::ffff:7f00:1');
    expect(hostOf(new URL('https://Metadata.Google.Internal./'))).toBe('metadata.google.internal');
  });
});
