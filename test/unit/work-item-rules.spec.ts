import { WorkItemStage } from '../../src/work-items/work-item-enums.js';
import { isTrackedChange, workItemDateViolations, type WorkItemDates } from '../../src/work-items/work-item-rules.js';

const base: WorkItemDates = {
  stage: WorkItemStage.EarlyDraft,
  startedOn: '2024-03-01',
  targetDate: '2026-06-30',
  publishedOn: null,
};

describe('workItemDateViolations', () => {
  it('accepts consistent and open-ended dates', () => {
    expect(workItemDateViolations(base)).toEqual([]);
    expect(workItemDateViolations({ ...base, startedOn: null, targetDate: null })).toEqual([]);
    expect(workItemDateViolations({ ...base, targetDate: base.startedOn })).toEqual([]);
  });

  it('refuses a target date before the start', () => {
    expect(workItemDateViolations({ ...base, targetDate: '2024-02-29' })).toEqual([
      { field: 'targetDate', message: expect.stringContaining('2024-02-29') },
    ]);
  });

  it('accepts a publication date for published and withdrawn deliverables, on or after the start', () => {
    for (const stage of [WorkItemStage.Published, WorkItemStage.Withdrawn]) {
      expect(workItemDateViolations({ ...base, stage, publishedOn: '2024-03-01' })).toEqual([]);
    }
    // Without a start date there is nothing to compare with.
    expect(
      workItemDateViolations({ ...base, stage: WorkItemStage.Published, startedOn: null, publishedOn: '1999-01-01' }),
    ).toEqual([]);
  });

  it('refuses a publication date before the start', () => {
    expect(workItemDateViolations({ ...base, stage: WorkItemStage.Published, publishedOn: '2024-02-29' })).toEqual([
      { field: 'publishedOn', message: expect.stringContaining('before startedOn') },
    ]);
  });

  it.each([
    WorkItemStage.Proposed,
    WorkItemStage.Preliminary,
    WorkItemStage.EarlyDraft,
    WorkItemStage.StableDraft,
    WorkItemStage.Approval,
    WorkItemStage.Stopped,
  ])('refuses a publication date at stage %s', (stage) => {
    expect(workItemDateViolations({ ...base, stage, publishedOn: '2025-01-01' })).toEqual([
      { field: 'publishedOn', message: expect.stringContaining(stage) },
    ]);
  });

  it('reports every broken rule, in field order', () => {
    const violations = workItemDateViolations({
      stage: WorkItemStage.Stopped,
      startedOn: '2024-03-01',
      targetDate: '2024-01-01',
      publishedOn: '2024-01-01',
    });
    expect(violations.map((v) => v.field)).toEqual(['targetDate', 'publishedOn', 'publishedOn']);
  });
});

describe('isTrackedChange', () => {
  const before = { stage: WorkItemStage.EarlyDraft, statusText: 'Early Draft' };

  it('tracks a change of stage or of the status wording, including clearing it', () => {
    expect(isTrackedChange(before, { ...before, stage: WorkItemStage.StableDraft })).toBe(true);
    expect(isTrackedChange(before, { ...before, statusText: 'Work started 03/2024' })).toBe(true);
    expect(isTrackedChange(before, { ...before, statusText: null })).toBe(true);
    expect(isTrackedChange({ ...before, statusText: null }, before)).toBe(true);
  });

  it('ignores a write that leaves both as they were', () => {
    expect(isTrackedChange(before, { ...before })).toBe(false);
    expect(isTrackedChange({ ...before, statusText: null }, { ...before, statusText: null })).toBe(false);
  });
});
