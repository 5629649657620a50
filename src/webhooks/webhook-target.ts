/**
 * Which webhook targets may be called (server-side request forgery guard). Pure apart from DNS, which is passed
 * in: unit-tested directly. Only http(s) URLs without credentials, and only public addresses unless the
 * deployment explicitly allows private ones (`WEBHOOK_ALLOW_PRIVATE_TARGETS`, e.g. for tests on loopback).
 */
import { isIP } from 'node:net';

/** What an address is; everything but `public` is refused unless private targets are allowed. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'documentation'
  | 'reserved';

const IPV4_RANGES: [string, number, AddressClass][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function classifyIpv4(value: number): AddressClass {
  for (const [base, bits, kind] of IPV4_RANGES) {
    const size = 2 ** (32 - bits);
    const start = ipv4ToNumber(base);
    if (value >= start && value < start + size) return kind;
  }
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (zone index dropped, embedded dotted IPv4 tail decoded). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToNumber(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups].map((g) => parseInt(g, 16));
}

function classifyIpv6(groups: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = (high: number, low: number) => classifyIpv4(high * 65536 + low);
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroPrefix && g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified';
  if (zeroPrefix && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d) forms: judge the IPv4 address.
  if (zeroPrefix && (g5 === 0xffff || g5 === 0)) return embedded(g6, g7);
  // NAT64 well-known prefix 64:ff9b::/96 reaches the embedded IPv4 address; 64:ff9b:1::/48 is for local use.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return embedded(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private';
  // 6to4 (2002::/16) tunnels to the IPv4 address in the next 32 bits.
  if (g0 === 0x2002) return embedded(g1, g2);
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation';
  // Teredo (2001::/32) hides an obfuscated IPv4 address: refused rather than decoded.
  if (g0 === 0x2001 && g1 === 0) return 'reserved';
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

/** Classifies an IP address (v4 or v6, with or without brackets); throws on something that is not one. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare.split('%')[0]!);
  if (family === 4) return classifyIpv4(ipv4ToNumber(bare));
  if (family === 6) return classifyIpv6(ipv6Groups(bare));
  throw new TypeError(`not an IP address: ${address}`);
}

export interface TargetPolicy {
  allowPrivate: boolean;
}

/** Why a target is refused, in words for a problem `detail` or an attempt's `error`. */
export class TargetRefused extends Error {
  override name = 'TargetRefused';
}

/** Throws `TargetRefused` when the address may not be called under the policy. */
export function checkAddress(address: string, policy: TargetPolicy, host = address): void {
  const kind = classifyAddress(address);
  if (kind !== 'public' && !policy.allowPrivate) {
    const resolved = host === address ? '' : ` (${host} resolves to ${address})`;
    throw new TargetRefused(
      `The target address ${address} is ${kind === 'shared' ? 'in the shared (CGNAT) range' : kind}${resolved}; ` +
        'only public addresses may receive webhooks.',
    );
  }
}

/** Syntactic rules of a target URL: http(s), a host, no user name or password. Returns the parsed URL. */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('The url is not an absolute URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetRefused(`The url must use http or https, not ${url.protocol.replace(/:$/, '')}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TargetRefused('The url must not contain a user name or password; authenticate with the signature.');
  }
  if (url.hostname === '') throw new TargetRefused('The url has no host.');
  return url;
}

/** The host of a URL as DNS or an IP parser wants it (IPv6 literals without brackets). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

export type ResolveAll = (host: string) => Promise<string[]>;

/**
 * Checks a target URL and every address its host resolves to (all must be allowed: an attacker controlling DNS
 * could otherwise mix a public and a private address). Throws `TargetRefused`.
 */
export async function checkTarget(raw: string, policy: TargetPolicy, resolveAll: ResolveAll): Promise<URL> {
  const url = parseTargetUrl(raw);
  const host = hostOf(url);
  if (isIP(host) !== 0) {
    checkAddress(host, policy);
    return url;
  }
  let addresses: string[];
  try {
    addresses = await resolveAll(host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new TargetRefused(`The host ${host} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}.`);
  }
  if (addresses.length === 0) throw new TargetRefused(`The host ${host} could not be resolved.`);
  for (const address of addresses) checkAddress(address, policy, host);
  return url;
}
