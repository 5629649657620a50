import { seedId, uuidV5 } from '../../src/seed/seed-ids.js';

describe('uuidV5', () => {
  it('computes the RFC 9562 example (www.example.com in the DNS namespace)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('seedId', () => {
  it('is a version 5 UUID, the same for the same key whatever its case, and different across kinds and keys', () => {
    const sc42 = seedId('body', 'ISO/IEC JTC 1/SC 42');
    expect(sc42).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seedId('body', 'iso/iec jtc 1/sc 42')).toBe(sc42);
    expect(seedId('workItem', 'ISO/IEC JTC 1/SC 42')).not.toBe(sc42);
    expect(seedId('body', 'ISO/IEC JTC 1/SC 4', '2')).not.toBe(seedId('body', 'ISO/IEC JTC 1/SC 42'));
    expect(seedId('liaison', 'A', 'B', 'internal')).not.toBe(seedId('liaison', 'B', 'A', 'internal'));
  });
});
