import { normalizeDesignation, wouldCreateCycle } from '../../src/bodies/body-rules.js';

describe('normalizeDesignation', () => {
  it('trims and collapses whitespace as people type it', () => {
    expect(normalizeDesignation('  ISO/IEC  JTC 1/SC\t42 ')).toBe('ISO/IEC JTC 1/SC 42');
  });
});

describe('wouldCreateCycle', () => {
  const a = 'a';
  it('allows moving to the root', () => {
    expect(wouldCreateCycle(a, null, [])).toBe(false);
  });
  it('refuses the body as its own parent', () => {
    expect(wouldCreateCycle(a, a, [a])).toBe(true);
  });
  it('refuses a descendant as the new parent', () => {
    // new parent c has ancestors c -> b -> a: a would end up under its own grandchild
    expect(wouldCreateCycle(a, 'c', ['c', 'b', 'a'])).toBe(true);
  });
  it('allows an unrelated parent', () => {
    expect(wouldCreateCycle(a, 'x', ['x', 'root'])).toBe(false);
  });
});
