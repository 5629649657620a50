import { checkTarget, classifyAddress, parseTargetUrl, TargetRefused } from '../../src/webhooks/webhook-target.js';

describe('classifyAddress', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['100.63.255.255', 'public'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.0', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.15.255.255', 'public'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.0.2.1', 'documentation'],
    ['192.168.0.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['2606:2800:220:1:248:1893:25c8:1946', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:93.184.216.34', 'public'],
    ['::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::5db8:d822', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:0a00:0001::1', 'private'],
    ['2002:5db8:d822::1', 'public'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['100::1', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('throws on something that is not an IP address', () => {
    expect(() => classifyAddress('example.org')).toThrow(TypeError);
  });
});

describe('parseTargetUrl', () => {
  it('accepts http and https URLs', () => {
    expect(parseTargetUrl('https://hooks.example.org:8443/a?b=c').host).toBe('hooks.example.org:8443');
  });

  it.each([
    ['relative', '/hooks'],
    ['ftp', 'ftp://example.org/hooks'],
    ['file', 'file:///etc/passwd'],
    ['credentials', 'https://user:pass@example.org/'],
    ['a user name only', 'https://user@example.org/'],
  ])('refuses %s', (_label, url) => {
    expect(() => parseTargetUrl(url)).toThrow(TargetRefused);
  });
});

describe('checkTarget', () => {
  const strict = { allowPrivate: false };
  const resolveTo =
    (...addresses: string[]) =>
    async () =>
      addresses;

  it('accepts a host whose every address is public', async () => {
    const url = await checkTarget('https://hooks.example.org/x', strict, resolveTo('93.184.216.34', '2606:2800::1'));
    expect(url.hostname).toBe('hooks.example.org');
  });

  it('refuses a host with any non-public address, naming it', async () => {
    await expect(
      checkTarget('https://hooks.example.org/x', strict, resolveTo('93.184.216.34', '10.0.0.7')),
    ).rejects.toThrow('The target address 10.0.0.7 is private (hooks.example.org resolves to 10.0.0.7)');
  });

  it('checks IP literals without resolving them', async () => {
    let lookups = 0;
    const resolve = async () => {
      lookups++;
      return ['93.184.216.34'];
    };
    await expect(checkTarget('http://[::ffff:169.254.169.254]/', strict, resolve)).rejects.toThrow(/link-local/);
    await expect(checkTarget('http://127.0.0.1:8080/', strict, resolve)).rejects.toThrow(/loopback/);
    expect(lookups).toBe(0);
  });

  it('refuses a host that does not resolve', async () => {
    const fail = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(checkTarget('https://nowhere.invalid/', strict, fail)).rejects.toThrow(
      'The host nowhere.invalid could not be resolved (ENOTFOUND).',
    );
    await expect(checkTarget('https://empty.example/', strict, resolveTo())).rejects.toThrow(TargetRefused);
  });

  it('allows private addresses when the policy says so, but never other schemes or credentials', async () => {
    const open = { allowPrivate: true };
    await expect(checkTarget('http://127.0.0.1:9/', open, resolveTo())).resolves.toBeInstanceOf(URL);
    await expect(checkTarget('http://localhost:9/', open, resolveTo('127.0.0.1'))).resolves.toBeInstanceOf(URL);
    await expect(checkTarget('http://u:p@127.0.0.1/', open, resolveTo())).rejects.toThrow(TargetRefused);
  });
});
