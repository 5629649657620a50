import { stepDateViolation, type StepDateBounds } from '../../src/liaisons/step-dates.js';

const NONE: StepDateBounds = {
  proposedOn: null,
  approvedOn: null,
  establishedOn: null,
  lastReviewedOn: null,
  previousStep: null,
};

describe('stepDateViolation', () => {
  it('accepts any date when nothing is on record', () => {
    expect(stepDateViolation('date', '1990-01-01', NONE)).toBeNull();
  });

  it('accepts a step on the same day as the latest bound, or later', () => {
    const bounds = {
      ...NONE,
      proposedOn: '2026-01-02',
      previousStep: { action: 'submitForEligibility', effectiveOn: '2026-01-05' },
    };
    expect(stepDateViolation('date', '2026-01-05', bounds)).toBeNull();
    expect(stepDateViolation('date', '2027-01-01', bounds)).toBeNull();
  });

  it.each([
    ['the proposal', { proposedOn: '2026-01-02' }, '2026-01-01', 'the proposal (proposedOn), 2026-01-02'],
    [
      'the approval (activate before approvedOn)',
      { approvedOn: '2026-03-30' },
      '2026-03-29',
      'the approval (approvedOn), 2026-03-30',
    ],
    [
      'the establishment',
      { establishedOn: '2026-04-01' },
      '2026-03-31',
      'the establishment (establishedOn), 2026-04-01',
    ],
    [
      'the last review',
      { lastReviewedOn: '2028-02-01' },
      '2028-01-31',
      'the last completed review (lastReviewedOn), 2028-02-01',
    ],
    [
      'the previous step (completeReview before the review started)',
      { previousStep: { action: 'startReview', effectiveOn: '2028-01-10' } },
      '2028-01-09',
      'the previous step (startReview), 2028-01-10',
    ],
    [
      'the opening of the ballot',
      { ballotOpenedOn: '2026-02-01' },
      '2026-01-31',
      'the opening of the ballot (openBallot), 2026-02-01',
    ],
  ])('refuses a step before %s', (_label, bound, date, named) => {
    expect(stepDateViolation('date', date, { ...NONE, ...bound })).toEqual({
      field: 'date',
      message: `date (${date}) must not be before ${named}.`,
    });
  });

  it('names the latest bound broken, and the field the date came from', () => {
    const bounds: StepDateBounds = {
      proposedOn: '2026-01-02',
      approvedOn: '2026-03-30',
      establishedOn: '2026-04-01',
      lastReviewedOn: null,
      previousStep: { action: 'activate', effectiveOn: '2026-04-01' },
    };
    // Both the establishment and the previous step fall on 2026-04-01: the step is the more specific bound.
    expect(stepDateViolation('date', '2026-01-01', bounds)).toEqual({
      field: 'date',
      message: 'date (2026-01-01) must not be before the previous step (activate), 2026-04-01.',
    });
    expect(
      stepDateViolation('ballot.closedOn', '2026-01-31', {
        ...NONE,
        proposedOn: '2026-01-02',
        previousStep: { action: 'openBallot', effectiveOn: '2026-02-01' },
        ballotOpenedOn: '2026-02-01',
      }),
    ).toEqual({
      field: 'ballot.closedOn',
      message: 'ballot.closedOn (2026-01-31) must not be before the opening of the ballot (openBallot), 2026-02-01.',
    });
  });
});
