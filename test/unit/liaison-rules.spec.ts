import { BodyKind } from '../../src/bodies/body-kind.js';
import { LiaisonCategory, LiaisonStatus } from '../../src/liaisons/liaison-enums.js';
import {
  addYears,
  dateOrderViolations,
  isItuTDesignation,
  isLiveStatus,
  isoDay,
  isSelfLiaison,
  liaisonWarnings,
  LiaisonWarningCode,
  missingReferences,
  sameList,
  type LiaisonFacts,
} from '../../src/liaisons/liaison-rules.js';

const TODAY = '2026-11-22';

function facts(overrides: Partial<LiaisonFacts> = {}): LiaisonFacts {
  return {
    category: LiaisonCategory.CategoryA,
    status: LiaisonStatus.Proposed,
    approvedOn: null,
    establishedOn: null,
    lastReviewedOn: null,
    nextReviewDue: null,
    committee: { designation: 'ISO/IEC JTC 1/SC 42', kind: BodyKind.Subcommittee },
    partner: { designation: 'ETSI TC MTS', kind: BodyKind.TechnicalCommittee },
    ...overrides,
  };
}

function codes(input: Partial<LiaisonFacts>, today = TODAY): LiaisonWarningCode[] {
  return liaisonWarnings(facts(input), today).map((w) => w.code);
}

describe('liaisonWarnings: categories against the kind of the committee', () => {
  const committeeLevel = new Set<BodyKind>([
    BodyKind.TechnicalCommittee,
    BodyKind.JointTechnicalCommittee,
    BodyKind.Subcommittee,
  ]);
  /** The expected category warnings, stated independently of the implementation. */
  function expected(category: LiaisonCategory, kind: BodyKind): LiaisonWarningCode[] {
    switch (category) {
      case LiaisonCategory.CategoryA:
      case LiaisonCategory.CategoryB:
        return committeeLevel.has(kind) ? [] : [LiaisonWarningCode.CategoryRequiresCommitteeLevel];
      case LiaisonCategory.CategoryC:
        return kind === BodyKind.WorkingGroup ? [] : [LiaisonWarningCode.CategoryCRequiresWorkingGroup];
      case LiaisonCategory.CategoryD:
        return [LiaisonWarningCode.CategoryDHistoric];
      case LiaisonCategory.ItuTA4:
      case LiaisonCategory.ItuTA5:
      case LiaisonCategory.ItuTA6:
        // the committee below is not an ITU-T body
        return [LiaisonWarningCode.ItuTCategoryRequiresItuTCommittee];
      case LiaisonCategory.Internal:
      case LiaisonCategory.CooperationAgreement:
        return [];
    }
  }

  const cases = Object.values(LiaisonCategory).flatMap((category) =>
    Object.values(BodyKind).map((kind) => [category, kind] as const),
  );

  it.each(cases)('%s held by a %s', (category, kind) => {
    const committee = { designation: 'ISO/IEC JTC 1/SC 7/WG 26', kind };
    expect(codes({ category, committee })).toEqual(expected(category, kind));
  });

  it('explains the ETSI proposal of a Category A liaison with SC 7/WG 26, naming the working group', () => {
    const warnings = liaisonWarnings(
      facts({ committee: { designation: 'ISO/IEC JTC 1/SC 7/WG 26', kind: BodyKind.WorkingGroup } }),
      TODAY,
    );
    expect(warnings).toEqual([
      {
        code: LiaisonWarningCode.CategoryRequiresCommitteeLevel,
        message:
          'Category A liaisons are granted by a technical committee or subcommittee, but ISO/IEC JTC 1/SC 7/WG 26 ' +
          'is a working group; the record is kept but is irregular.',
      },
    ]);
  });

  it('has no warning for the same proposal with SC 42', () => {
    expect(liaisonWarnings(facts(), TODAY)).toEqual([]);
  });

  it('warns about Category D whatever the status, as it is kept for old records', () => {
    for (const status of Object.values(LiaisonStatus)) {
      expect(
        codes({
          category: LiaisonCategory.CategoryD,
          committee: { designation: 'WG', kind: BodyKind.WorkingGroup },
          status,
        }),
      ).toEqual([LiaisonWarningCode.CategoryDHistoric]);
    }
  });
});

describe('liaisonWarnings: ITU-T cooperation', () => {
  const sg17 = { designation: 'ITU-T SG17', kind: BodyKind.StudyGroup };
  const tsag = { designation: 'ITU-T TSAG', kind: BodyKind.AdvisoryGroup };
  const etsi = { designation: 'ETSI TC MTS', kind: BodyKind.TechnicalCommittee };

  it.each([LiaisonCategory.ItuTA4, LiaisonCategory.ItuTA5, LiaisonCategory.ItuTA6])(
    '%s is regular between an ITU-T committee and an outside partner',
    (category) => {
      expect(codes({ category, committee: sg17, partner: etsi })).toEqual([]);
    },
  );

  it('flags a committee outside ITU-T', () => {
    const warnings = liaisonWarnings(
      facts({ category: LiaisonCategory.ItuTA5, committee: etsi, partner: sg17 }),
      TODAY,
    );
    expect(warnings.map((w) => w.code)).toEqual([
      LiaisonWarningCode.ItuTCategoryRequiresItuTCommittee,
      LiaisonWarningCode.ItuTCategoryWithItuTPartner,
    ]);
    expect(warnings[0]!.message).toBe('ITU-T A.5 cooperation is held by an ITU-T body, but ETSI TC MTS is not one.');
  });

  it('flags an ITU-T partner: between ITU-T groups the liaison is internal', () => {
    expect(codes({ category: LiaisonCategory.ItuTA6, committee: sg17, partner: tsag })).toEqual([
      LiaisonWarningCode.ItuTCategoryWithItuTPartner,
    ]);
    expect(codes({ category: LiaisonCategory.Internal, committee: sg17, partner: tsag })).toEqual([]);
  });

  it.each([
    ['ITU-T SG17', true],
    ['itu-t sg17', true],
    ['  ITU-T TSAG', true],
    ['ITU-T', true],
    ['ITU-T/SG20', true],
    ['ITU-TSAG', false],
    ['ITU-R WP 5D', false],
    ['ETSI TC MTS', false],
    ['ISO/IEC JTC 1 (ITU-T liaison)', false],
  ])('isItuTDesignation(%j) is %s', (designation, expected) => {
    expect(isItuTDesignation(designation)).toBe(expected);
  });
});

describe('liaisonWarnings: reviews', () => {
  const reviewed = [LiaisonStatus.Approved, LiaisonStatus.Active, LiaisonStatus.UnderReview];
  const notReviewed = Object.values(LiaisonStatus).filter((s) => !reviewed.includes(s));

  it.each(reviewed)('flags an overdue review of a %s liaison', (status) => {
    const warnings = liaisonWarnings(facts({ status, nextReviewDue: '2026-11-21' }), TODAY);
    expect(warnings).toEqual([
      { code: LiaisonWarningCode.ReviewOverdue, message: 'The review due on 2026-11-21 has not been recorded.' },
    ]);
  });

  it.each(reviewed)('does not flag a %s liaison whose review is due today or later, or not set', (status) => {
    expect(codes({ status, nextReviewDue: TODAY })).toEqual([]);
    expect(codes({ status, nextReviewDue: '2027-01-01' })).toEqual([]);
    expect(codes({ status, nextReviewDue: null })).toEqual([]);
  });

  it.each(notReviewed)('does not flag a past review date of a %s liaison', (status) => {
    expect(codes({ status, nextReviewDue: '2020-01-01' })).not.toContain(LiaisonWarningCode.ReviewOverdue);
  });

  it('flags a Category A review set more than two years after the last review, establishment or approval', () => {
    const active = { status: LiaisonStatus.Active, nextReviewDue: '2027-06-02' };
    expect(codes({ ...active, lastReviewedOn: '2025-06-01' })).toEqual([LiaisonWarningCode.ReviewIntervalTooLong]);
    expect(codes({ ...active, establishedOn: '2025-06-01' })).toEqual([LiaisonWarningCode.ReviewIntervalTooLong]);
    expect(codes({ ...active, approvedOn: '2025-06-01' })).toEqual([LiaisonWarningCode.ReviewIntervalTooLong]);
    // exactly two years is fine; the latest of the dates counts (last review first)
    expect(codes({ ...active, lastReviewedOn: '2025-06-02' })).toEqual([]);
    expect(codes({ ...active, lastReviewedOn: '2026-01-01', establishedOn: '2020-01-01' })).toEqual([]);
  });

  it('does not judge the review interval without a reference date, for other categories, or once terminal', () => {
    const base = { status: LiaisonStatus.Active, nextReviewDue: '2030-01-01', establishedOn: '2025-01-01' };
    expect(codes({ ...base, establishedOn: null })).toEqual([]);
    expect(codes({ ...base, category: LiaisonCategory.CategoryB })).toEqual([]);
    expect(codes({ ...base, status: LiaisonStatus.Withdrawn })).toEqual([]);
    expect(codes({ ...base, status: LiaisonStatus.Rejected })).toEqual([]);
  });

  it('reports several warnings in a stable order', () => {
    expect(
      codes({
        category: LiaisonCategory.CategoryA,
        committee: { designation: 'WG 26', kind: BodyKind.WorkingGroup },
        status: LiaisonStatus.Active,
        establishedOn: '2020-01-01',
        nextReviewDue: '2025-01-01',
      }),
    ).toEqual([
      LiaisonWarningCode.CategoryRequiresCommitteeLevel,
      LiaisonWarningCode.ReviewOverdue,
      LiaisonWarningCode.ReviewIntervalTooLong,
    ]);
  });
});

describe('dateOrderViolations', () => {
  it('accepts missing dates and dates on or after the proposal', () => {
    expect(dateOrderViolations({ proposedOn: null, approvedOn: '2000-01-01', establishedOn: '2000-01-01' })).toEqual(
      [],
    );
    expect(dateOrderViolations({ proposedOn: '2024-03-15', approvedOn: null, establishedOn: null })).toEqual([]);
    expect(
      dateOrderViolations({ proposedOn: '2024-03-15', approvedOn: '2024-03-15', establishedOn: '2025-01-01' }),
    ).toEqual([]);
  });

  it('names approval and establishment before the proposal', () => {
    expect(
      dateOrderViolations({ proposedOn: '2024-03-15', approvedOn: '2024-03-14', establishedOn: '2023-01-01' }),
    ).toEqual([
      { field: 'approvedOn', message: 'approvedOn (2024-03-14) must not be before proposedOn (2024-03-15).' },
      { field: 'establishedOn', message: 'establishedOn (2023-01-01) must not be before proposedOn (2024-03-15).' },
    ]);
  });
});

describe('small helpers', () => {
  it('isLiveStatus: only withdrawn and rejected are terminal', () => {
    const terminal = Object.values(LiaisonStatus).filter((s) => !isLiveStatus(s));
    expect(terminal.sort()).toEqual([LiaisonStatus.Rejected, LiaisonStatus.Withdrawn]);
  });

  it('isSelfLiaison compares ids regardless of case', () => {
    const id = '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10';
    expect(isSelfLiaison(id, id.toUpperCase())).toBe(true);
    expect(isSelfLiaison(id, '0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60')).toBe(false);
  });

  it('isoDay gives the UTC day', () => {
    expect(isoDay(new Date('2026-11-22T23:59:59.999Z'))).toBe('2026-11-22');
    expect(isoDay(new Date('2026-11-23T00:30:00+02:00'))).toBe('2026-11-22');
  });

  it.each([
    ['2024-03-15', 2, '2026-03-15'],
    ['2024-02-29', 2, '2026-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['1998-02-28', 2, '2000-02-28'],
    ['2098-12-31', 2, '2100-12-31'],
  ])('addYears(%s, %i) is %s', (day, years, expected) => {
    expect(addYears(day, years)).toBe(expected);
  });

  it('missingReferences names each missing id by its position', () => {
    const found = new Set(['a', 'c']);
    expect(missingReferences('representativeIds', ['a', 'B', 'c', 'd'], found)).toEqual([
      { field: 'representativeIds[1]', id: 'B' },
      { field: 'representativeIds[3]', id: 'd' },
    ]);
    expect(missingReferences('workItemIds', ['A'], found)).toEqual([]);
    expect(missingReferences('workItemIds', [], found)).toEqual([]);
  });

  it('sameList compares order too', () => {
    expect(sameList(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameList(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameList(['a'], ['a', 'b'])).toBe(false);
    expect(sameList([], [])).toBe(true);
  });
});
