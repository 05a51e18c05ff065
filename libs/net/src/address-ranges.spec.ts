import { forbiddenRange, isMetadataName } from './address-ranges';

describe('which addresses a webhook may reach', () => {
  it('allows public unicast addresses, IPv4 and IPv6', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4009:81f::200e']) {
      expect(forbiddenRange(address)).toBeUndefined();
    }
  });

  it('refuses loopback, private, link-local, carrier-grade NAT, unspecified, multicast and broadcast IPv4 addresses', () => {
    expect(forbiddenRange('127.0.0.1')).toBe('loopback');
    expect(forbiddenRange('127.255.0.9')).toBe('loopback');
    for (const address of ['10.0.0.1', '172.16.0.1', '172.31.255.254', '192.168.1.1']) expect(forbiddenRange(address)).toBe('private');
    expect(forbiddenRange('169.254.169.254')).toBe('linkLocal');
    expect(forbiddenRange('100.64.0.1')).toBe('carrierGradeNat');
    expect(forbiddenRange('100.127.255.254')).toBe('carrierGradeNat');
    expect(forbiddenRange('0.0.0.0')).toBe('unspecified');
    expect(forbiddenRange('224.0.0.1')).toBe('multicast');
    expect(forbiddenRange('255.255.255.255')).toBe('broadcast');
    expect(forbiddenRange('192.0.2.10')).toBe('reserved');
  });

  it('keeps the edges of the private ranges public', () => {
    for (const address of ['172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0', '11.0.0.0', '192.169.0.0']) expect(forbiddenRange(address)).toBeUndefined();
  });

  it('refuses loopback, unspecified, link-local, unique-local and multicast IPv6 addresses, and the EC2 metadata address', () => {
    expect(forbiddenRange('::1')).toBe('loopback');
    expect(forbiddenRange('::')).toBe('unspecified');
    expect(forbiddenRange('fe80::1')).toBe('linkLocal');
    expect(forbiddenRange('fc00::1')).toBe('uniqueLocal');
    expect(forbiddenRange('fd00:ec2::254')).toBe('uniqueLocal');
    expect(forbiddenRange('ff02::1')).toBe('multicast');
    expect(forbiddenRange('2001:db8::1')).toBe('reserved');
  });

  it('judges an IPv6 address carrying an IPv4 one by the IPv4 address', () => {
    expect(forbiddenRange('::ffff:127.0.0.1')).toBe('loopback');
    expect(forbiddenRange('::ffff:7f00:1')).toBe('loopback');
    expect(forbiddenRange('::ffff:169.254.169.254')).toBe('linkLocal');
    expect(forbiddenRange('::ffff:10.0.0.1')).toBe('private');
    expect(forbiddenRange('64:ff9b::a00:1')).toBe('private');
    expect(forbiddenRange('::ffff:93.184.215.14')).toBeUndefined();
    expect(forbiddenRange('64:ff9b::5db8:d70e')).toBeUndefined();
  });

  it('refuses what is not an address at all', () => {
    expect(forbiddenRange('example.org')).toBe('invalid');
    expect(forbiddenRange('')).toBe('invalid');
  });

  it('knows the cloud metadata services by name, in any case and with a trailing dot', () => {
    for (const name of ['metadata.google.internal', 'METADATA.Google.Internal', 'metadata.google.internal.', 'metadata', 'instance-data.ec2.internal']) expect(isMetadataName(name)).toBe(true);
    for (const name of ['example.org', 'metadata.example.org', 'localhost']) expect(isMetadataName(name)).toBe(false);
  });
});
