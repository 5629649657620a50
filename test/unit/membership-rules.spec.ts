import { isCurrentMembership, membershipPeriodViolation } from '../../src/contacts/membership-rules.js';

describe('membershipPeriodViolation', () => {
  it('accepts open-ended and ordered periods, and a single day', () => {
    expect(membershipPeriodViolation({ since: null, until: null })).toBeNull();
    expect(membershipPeriodViolation({ since: '2024-01-01', until: null })).toBeNull();
    expect(membershipPeriodViolation({ since: null, until: '2024-01-01' })).toBeNull();
    expect(membershipPeriodViolation({ since: '2024-01-01', until: '2024-12-31' })).toBeNull();
    expect(membershipPeriodViolation({ since: '2024-01-01', until: '2024-01-01' })).toBeNull();
  });

  it('refuses an end before the start, naming both dates', () => {
    expect(membershipPeriodViolation({ since: '2024-05-01', until: '2024-04-30' })).toBe(
      'until (2024-04-30) must not be before since (2024-05-01)',
    );
  });
});

describe('isCurrentMembership', () => {
  it('treats a membership without an end as current', () => {
    expect(isCurrentMembership({ until: null })).toBe(true);
    expect(isCurrentMembership({ until: '2030-01-01' })).toBe(false);
  });
});
