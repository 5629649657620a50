import type { CreateStatementDto } from '../../src/statements/dto/create-statement.dto.js';
import type { UpdateStatementDto } from '../../src/statements/dto/update-statement.dto.js';
import { draftFromCreate, patchFromUpdate } from '../../src/statements/statement-input.js';
import { StatementPurpose } from '../../src/statements/statement-purpose.js';

const A = 'AAAAAAAA-0000-4000-8000-000000000000';
const B = 'bbbbbbbb-0000-4000-8000-000000000000';

describe('draftFromCreate', () => {
  it('fills the defaults of everything optional', () => {
    const input = { reference: 'R', title: 'T', fromBodyId: A, toBodyIds: [B], purpose: StatementPurpose.Information };
    expect(draftFromCreate(input as CreateStatementDto)).toEqual({
      reference: 'R',
      title: 'T',
      fromBodyId: A.toLowerCase(),
      toBodyIds: [B],
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
    });
  });

  it('lower-cases ids, sorts the liaison set and completes nested objects', () => {
    const input = {
      reference: 'R',
      title: 'T',
      fromBodyId: B,
      toBodyIds: [A],
      purpose: StatementPurpose.Action,
      deadline: '2025-07-15',
      liaisonIds: [B, A],
      approval: { level: 'Plenary' },
      actionTaken: { taken: true },
    };
    const draft = draftFromCreate(input as CreateStatementDto);
    expect(draft.toBodyIds).toEqual([A.toLowerCase()]);
    expect(draft.liaisonIds).toEqual([A.toLowerCase(), B]);
    expect(draft.approval).toEqual({ level: 'Plenary', date: null });
    expect(draft.actionTaken).toEqual({ taken: true, on: null, note: null });
  });
});

describe('patchFromUpdate', () => {
  it('keeps only the fields sent, nulls included', () => {
    expect(patchFromUpdate({} as UpdateStatementDto)).toEqual({});
    expect(patchFromUpdate({ deadline: null, approval: null, ccBodyIds: [A] } as UpdateStatementDto)).toEqual({
      deadline: null,
      approval: null,
      ccBodyIds: [A.toLowerCase()],
    });
  });

  it('replaces actionTaken whole: absent on and note become null', () => {
    expect(patchFromUpdate({ actionTaken: { taken: false } } as UpdateStatementDto)).toEqual({
      actionTaken: { taken: false, on: null, note: null },
    });
  });
});
