/**
 * Which IP addresses a webhook may be sent to: public unicast ones only. Everything else
 * (loopback, private, link-local, unique-local, carrier-grade NAT, unspecified, multicast,
 * broadcast, reserved and documentation ranges) reaches into a network, a cloud's metadata
 * service or nowhere, so a server-side request there is refused (OWASP's SSRF guidance).
 * Pure: no DNS, no sockets. The ranges are ipaddr.js's, the well-kept list Express uses too.
 */
import ipaddr from 'ipaddr.js';

/** NAT64's well-known prefix (RFC 6052): the last 32 bits are an IPv4 address. */
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * The named range that makes an address forbidden (`loopback`, `private`, `linkLocal`…), or
 * undefined for a public unicast address. An IPv6 address carrying an IPv4 one (mapped, as
 * `::ffff:127.0.0.1`, or through NAT64) is judged by the IPv4 address it carries.
 */
export function forbiddenRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return forbiddenRange(v6.toIPv4Address().toString());
    if (v6.range() === 'rfc6145' || v6.match(NAT64)) return forbiddenRange(ipaddr.fromByteArray(v6.toByteArray().slice(12)).toString());
  }
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

/** Names of cloud metadata services, refused before any DNS answer is asked for. */
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal', 'metadata.azure.internal']);

export function isMetadataName(host: string): boolean {
  return METADATA_NAMES.has(host.toLowerCase().replace(/\.$/, ''));
}
