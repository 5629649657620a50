import { changedFields, draftOf, mergeDraft, type StatementDraft } from '../../src/statements/statement-model.js';
import { StatementPurpose } from '../../src/statements/statement-purpose.js';
import {
  actionTakenViolations,
  deadlineRangeViolations,
  draftViolations,
  isOverdue,
  needsDeadline,
  purposeViolations,
  recipientViolations,
  todayUtc,
  wouldCreateReplyCycle,
} from '../../src/statements/statement-rules.js';

function draft(overrides: Partial<StatementDraft> = {}): StatementDraft {
  return {
    reference: 'SG17-LS1',
    title: 'LS',
    fromBodyId: 'sg17',
    toBodyIds: ['tsag'],
    ccBodyIds: [],
    purpose: StatementPurpose.Information,
    deadline: null,
    inReplyToId: null,
    approval: null,
    sentOn: null,
    contactIds: [],
    summary: null,
    text: null,
    documentReferences: [],
    attachments: [],
    liaisonIds: [],
    actionTaken: { taken: false, on: null, note: null },
    ...overrides,
  };
}

describe('todayUtc', () => {
  it('takes the UTC date, not the local one', () => {
    expect(todayUtc(new Date('2025-04-17T23:30:00-05:00'))).toBe('2025-04-18');
    expect(todayUtc(new Date('2025-04-18T00:30:00+02:00'))).toBe('2025-04-17');
  });
});

describe('isOverdue', () => {
  const today = '2025-06-10';
  it('is overdue once the deadline day has passed without the action taken', () => {
    expect(isOverdue('2025-06-09', false, today)).toBe(true);
    expect(isOverdue('2024-12-31', false, today)).toBe(true);
  });
  it('is not overdue on the deadline day itself or before', () => {
    expect(isOverdue('2025-06-10', false, today)).toBe(false);
    expect(isOverdue('2025-06-11', false, today)).toBe(false);
  });
  it('is not overdue once the action is taken', () => {
    expect(isOverdue('2025-06-01', true, today)).toBe(false);
  });
  it('is never overdue without a deadline', () => {
    expect(isOverdue(null, false, today)).toBe(false);
  });
});

describe('needsDeadline', () => {
  it.each([
    [StatementPurpose.Action, true],
    [StatementPurpose.Comment, true],
    [StatementPurpose.Information, false],
    [StatementPurpose.Response, false],
  ])('%s → %s', (purpose, expected) => {
    expect(needsDeadline(purpose)).toBe(expected);
  });
});

describe('purposeViolations', () => {
  it.each([StatementPurpose.Action, StatementPurpose.Comment])('requires a deadline for %s', (purpose) => {
    expect(purposeViolations({ purpose, deadline: null, inReplyToId: null })).toEqual([
      { field: 'deadline', message: `a statement for ${purpose} must have a deadline` },
    ]);
    expect(purposeViolations({ purpose, deadline: '2025-07-15', inReplyToId: null })).toEqual([]);
  });

  it('applies the deadline rule to an edit only when it changes the purpose or the deadline', () => {
    // a statement for action recorded without a deadline (the seeded SG17 statement, whose document prints none)
    const recorded = { purpose: StatementPurpose.Action, deadline: null, inReplyToId: null };
    expect(purposeViolations(recorded, 'id', new Set(['actionTaken', 'summary'] as const))).toEqual([]);
    expect(purposeViolations(recorded, 'id', new Set())).toEqual([]);
    for (const field of ['purpose', 'deadline'] as const) {
      expect(purposeViolations(recorded, 'id', new Set([field]))).toEqual([
        { field: 'deadline', message: 'a statement for action must have a deadline' },
      ]);
    }
    // without `changed` (a creation) the rule always applies
    expect(purposeViolations(recorded, 'id')).toHaveLength(1);
    // the reply rules do not depend on what changed
    expect(
      purposeViolations({ purpose: StatementPurpose.Response, deadline: null, inReplyToId: null }, 'id', new Set()),
    ).toEqual([{ field: 'inReplyToId', message: expect.stringContaining('must name the statement it answers') }]);
  });

  it('lets information and response go without a deadline, and allows one', () => {
    expect(purposeViolations({ purpose: StatementPurpose.Information, deadline: null, inReplyToId: null })).toEqual([]);
    expect(
      purposeViolations({ purpose: StatementPurpose.Information, deadline: '2025-01-01', inReplyToId: null }),
    ).toEqual([]);
    expect(purposeViolations({ purpose: StatementPurpose.Response, deadline: null, inReplyToId: 'x' })).toEqual([]);
  });

  it('requires inReplyToId for a response', () => {
    expect(purposeViolations({ purpose: StatementPurpose.Response, deadline: null, inReplyToId: null })).toEqual([
      { field: 'inReplyToId', message: expect.stringContaining('must name the statement it answers') },
    ]);
  });

  it.each([StatementPurpose.Action, StatementPurpose.Comment, StatementPurpose.Information])(
    'refuses inReplyToId for %s',
    (purpose) => {
      expect(purposeViolations({ purpose, deadline: '2025-01-01', inReplyToId: 'x' })).toEqual([
        { field: 'inReplyToId', message: expect.stringContaining('only a response') },
      ]);
    },
  );

  it('refuses a statement replying to itself', () => {
    expect(purposeViolations({ purpose: StatementPurpose.Response, deadline: null, inReplyToId: 'me' }, 'me')).toEqual([
      { field: 'inReplyToId', message: 'a statement cannot reply to itself' },
    ]);
  });

  it('reports both problems of a comment that names a statement it answers', () => {
    expect(
      purposeViolations({ purpose: StatementPurpose.Comment, deadline: null, inReplyToId: 'x' }).map((e) => e.field),
    ).toEqual(['deadline', 'inReplyToId']);
  });
});

describe('recipientViolations', () => {
  it('accepts distinct sender, to and cc', () => {
    expect(recipientViolations({ fromBodyId: 'a', toBodyIds: ['b', 'c'], ccBodyIds: ['d'] })).toEqual([]);
  });
  it('refuses the sender among the to recipients, naming the position', () => {
    expect(recipientViolations({ fromBodyId: 'a', toBodyIds: ['b', 'a'], ccBodyIds: [] })).toEqual([
      { field: 'toBodyIds[1]', message: 'the sending body cannot also be a recipient' },
    ]);
  });
  it('refuses the sender among the cc recipients', () => {
    expect(recipientViolations({ fromBodyId: 'a', toBodyIds: ['b'], ccBodyIds: ['a'] })).toEqual([
      { field: 'ccBodyIds[0]', message: 'the sending body cannot also be a recipient' },
    ]);
  });
  it('refuses a body both in to and in cc', () => {
    expect(recipientViolations({ fromBodyId: 'a', toBodyIds: ['b'], ccBodyIds: ['c', 'b'] })).toEqual([
      { field: 'ccBodyIds[1]', message: 'a body cannot be both a to and a cc recipient' },
    ]);
  });
});

describe('actionTakenViolations', () => {
  it('refuses a date while the action is not taken', () => {
    expect(actionTakenViolations({ taken: false, on: '2025-01-01', note: null })).toEqual([
      { field: 'actionTaken.on', message: expect.any(String) },
    ]);
  });
  it('accepts taken with or without a date, and not taken with a note', () => {
    expect(actionTakenViolations({ taken: true, on: '2025-01-01', note: null })).toEqual([]);
    expect(actionTakenViolations({ taken: true, on: null, note: null })).toEqual([]);
    expect(actionTakenViolations({ taken: false, on: null, note: 'pending TSAG' })).toEqual([]);
  });
});

describe('draftViolations', () => {
  it('accepts a valid draft', () => {
    expect(draftViolations(draft())).toEqual([]);
  });
  it('collects purpose, recipient and action violations in that order', () => {
    const bad = draft({
      purpose: StatementPurpose.Action,
      toBodyIds: ['sg17'],
      actionTaken: { taken: false, on: '2025-01-01', note: null },
    });
    expect(draftViolations(bad).map((e) => e.field)).toEqual(['deadline', 'toBodyIds[0]', 'actionTaken.on']);
    expect(draftViolations(bad, 'id', new Set(['actionTaken'] as const)).map((e) => e.field)).toEqual([
      'toBodyIds[0]',
      'actionTaken.on',
    ]);
  });
});

describe('wouldCreateReplyCycle', () => {
  it('allows no target and an unrelated thread', () => {
    expect(wouldCreateReplyCycle('a', null, [])).toBe(false);
    expect(wouldCreateReplyCycle('a', 'x', ['x', 'root'])).toBe(false);
  });
  it('refuses the statement itself', () => {
    expect(wouldCreateReplyCycle('a', 'a', ['a'])).toBe(true);
  });
  it('refuses a statement that already answers this one, through others', () => {
    // c answers b, which answers a: a cannot answer c
    expect(wouldCreateReplyCycle('a', 'c', ['c', 'b', 'a'])).toBe(true);
  });
});

describe('deadlineRangeViolations', () => {
  it('accepts open, single-day and ordered ranges', () => {
    expect(deadlineRangeViolations()).toEqual([]);
    expect(deadlineRangeViolations('2025-06-01')).toEqual([]);
    expect(deadlineRangeViolations(undefined, '2025-06-01')).toEqual([]);
    expect(deadlineRangeViolations('2025-06-01', '2025-06-01')).toEqual([]);
    expect(deadlineRangeViolations('2025-06-01', '2025-06-30')).toEqual([]);
  });
  it('refuses a range that ends before it starts', () => {
    expect(deadlineRangeViolations('2025-06-02', '2025-06-01')).toEqual([
      { field: 'deadlineAfter', message: 'deadlineAfter must not be later than deadlineBefore' },
    ]);
  });
});

describe('mergeDraft and changedFields', () => {
  it('replaces the fields present in the patch, lists and objects whole, and keeps the others', () => {
    const current = draft({ ccBodyIds: ['a', 'b'], summary: 'old', approval: { level: 'SG', date: '2025-01-01' } });
    const merged = mergeDraft(current, { ccBodyIds: ['c'], summary: null, approval: { level: 'TSAG', date: null } });
    expect(merged).toEqual({
      ...current,
      ccBodyIds: ['c'],
      summary: null,
      approval: { level: 'TSAG', date: null },
    });
    expect(current.ccBodyIds).toEqual(['a', 'b']);
    expect([...changedFields(current, merged)].sort()).toEqual(['approval', 'ccBodyIds', 'summary']);
  });

  it('finds no change for an empty patch or one repeating the current values', () => {
    const current = draft({ actionTaken: { taken: true, on: '2025-01-01', note: 'done' } });
    expect(changedFields(current, mergeDraft(current, {})).size).toBe(0);
    expect(
      changedFields(
        current,
        mergeDraft(current, { title: current.title, actionTaken: { note: 'done', on: '2025-01-01', taken: true } }),
      ).size,
    ).toBe(0);
  });

  it('sees a re-ordered list as a change', () => {
    const current = draft({ toBodyIds: ['a', 'b'] });
    expect([...changedFields(current, mergeDraft(current, { toBodyIds: ['b', 'a'] }))]).toEqual(['toBodyIds']);
  });

  it('draftOf drops everything that is not a written field', () => {
    const view = { ...draft(), id: 'x', replyIds: ['y'], overdue: true, version: 3 };
    expect(draftOf(view)).toEqual(draft());
  });
});
