/**
 * Issue 3: every fact the seed registry takes from the two source documents, asserted through the HTTP API only.
 * Expected values are copied from the documents (see test/support/seed-content-helpers.ts), not from the seed data.
 */
import type { BodyRecord } from '../support/factories.js';
import type { LiaisonRecord } from '../support/liaison-factories.js';
import type { ContactRecord, HistoryRecord, RosterRecord, WorkItemRecord } from '../support/registry-factories.js';
import {
  bodyByDesignation,
  CG_TRUST,
  CG_TRUST_MAILING_LIST,
  getOk,
  listAll,
  LS_APPROVAL,
  LS_DOCUMENT_REFERENCES,
  LS_REFERENCE,
  LS_SUMMARY,
  LS_TEXT,
  LS_TITLE,
  MTS,
  MTS_OBJECTIVES,
  MTS_RATIONALE,
  MTS_WORK_ITEMS,
  ROSTER_LINES,
  SC42,
  sorted,
  STUDY_GROUPS,
  SG17,
  SOURCE_000,
  SOURCE_003,
  TOR_REPORTING,
  TOR_SCOPE,
  TOR_TOPICS,
  TOR_WORK_METHODS,
  TRACKED_CHANGES,
  TRUST_OBJECTIVES,
  TRUST_RATIONALE,
  TSAG,
  WG26,
  WG26_CATEGORY_WARNING,
  type BodyDetail,
} from '../support/seed-content-helpers.js';
import type { StatementRecord } from '../support/statement-factories.js';
import { startServer, type TestServer } from '../support/server.js';

const DESIGNATIONS = [
  'ISO',
  'IEC',
  'ISO/IEC JTC 1',
  'ISO/IEC JTC 1/SC 7',
  WG26,
  SC42,
  'ETSI',
  MTS,
  'ITU-T',
  TSAG,
  ...STUDY_GROUPS,
  CG_TRUST,
];

let server: TestServer;
/** Every seeded body, read with `GET /v1/bodies/{id}` after finding it by designation. */
const bodies = new Map<string, BodyDetail>();

function body(designation: string): BodyDetail {
  const found = bodies.get(designation);
  if (!found) throw new Error(`no body ${designation}`);
  return found;
}

function idOf(designation: string): string {
  return body(designation).id;
}

function designationOf(id: string | null): string | null {
  return [...bodies.values()].find((b) => b.id === id)?.designation ?? null;
}

beforeAll(async () => {
  server = await startServer({ seed: true });
  for (const designation of DESIGNATIONS) bodies.set(designation, await bodyByDesignation(server, designation));
});

afterAll(async () => {
  await server?.dispose();
});

/** The Category A liaison held by `committee` with ETSI TC MTS, read from the list of all liaisons. */
async function categoryALiaison(committee: string): Promise<LiaisonRecord> {
  const liaisons = await listAll<LiaisonRecord>(
    server,
    `/v1/liaisons?category=category_a&committeeId=${idOf(committee)}`,
  );
  expect(liaisons).toHaveLength(1);
  return liaisons[0]!;
}

async function internalLiaisons(): Promise<LiaisonRecord[]> {
  return listAll<LiaisonRecord>(server, '/v1/liaisons?category=internal');
}

interface LiaisonHistoryRecord {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  actor: string;
  occurredAt: string;
}

/** The history of a seeded liaison: one `create` entry by the seed, citing the document the record comes from. */
async function expectSeededHistory(liaison: LiaisonRecord, source: string): Promise<void> {
  const history = await listAll<LiaisonHistoryRecord>(server, `/v1/liaisons/${liaison.id}/history`);
  expect(history).toEqual([
    expect.objectContaining({
      action: 'create',
      fromStatus: null,
      toStatus: 'proposed',
      reason: `Seed registry, from ${source}.`,
      actor: 'seed',
      occurredAt: liaison.createdAt,
      // The proposal takes effect on the day it was made, as an API create's does.
      effectiveOn:
        (liaison as LiaisonRecord & { proposedOn: string | null }).proposedOn ?? liaison.createdAt.slice(0, 10),
    }),
  ]);
}

describe('seed registry: sizes', () => {
  it('holds 14 bodies, 9 contacts, 10 memberships, 3 work items, 5 liaisons and 1 statement', async () => {
    const allBodies = await listAll<BodyRecord>(server, '/v1/bodies');
    expect(sorted(allBodies.map((b) => b.designation))).toEqual(sorted(DESIGNATIONS));
    expect(allBodies).toHaveLength(14);

    const contacts = await listAll<ContactRecord>(server, '/v1/contacts');
    expect(contacts).toHaveLength(9);

    let rosterEntries = 0;
    for (const b of allBodies)
      rosterEntries += (await listAll<RosterRecord>(server, `/v1/bodies/${b.id}/roster`)).length;
    expect(rosterEntries).toBe(10);
    let contactMemberships = 0;
    for (const c of contacts) {
      contactMemberships += (await getOk<ContactRecord>(server, `/v1/contacts/${c.id}`)).memberships!.length;
    }
    expect(contactMemberships).toBe(10);

    expect(await listAll<WorkItemRecord>(server, '/v1/work-items')).toHaveLength(3);
    expect(await listAll<LiaisonRecord>(server, '/v1/liaisons')).toHaveLength(5);
    expect(await listAll<StatementRecord>(server, '/v1/statements')).toHaveLength(1);
  });

  it('places the bodies of both documents in the tree', () => {
    const parents: Record<string, string | null> = {
      [WG26]: 'ISO/IEC JTC 1/SC 7',
      'ISO/IEC JTC 1/SC 7': 'ISO/IEC JTC 1',
      [SC42]: 'ISO/IEC JTC 1',
      [MTS]: 'ETSI',
      ETSI: null,
      [TSAG]: 'ITU-T',
      'ITU-T SG13': 'ITU-T',
      [SG17]: 'ITU-T',
      'ITU-T SG20': 'ITU-T',
      [CG_TRUST]: TSAG,
    };
    for (const [designation, parent] of Object.entries(parents)) {
      expect([designation, designationOf(body(designation).parentId)]).toEqual([designation, parent]);
    }
    expect(body(WG26).kind).toBe('working_group');
    expect(body(SC42).kind).toBe('subcommittee');
    expect(body(MTS).kind).toBe('technical_committee');
  });
});

describe('document 003: ETSI TC MTS proposes Category A liaisons with ISO/IEC JTC 1/SC 7/WG 26 and SC 42', () => {
  it('lists the three ETSI TC MTS work items with their references, titles and status wording', async () => {
    const items = await listAll<WorkItemRecord>(server, `/v1/work-items?bodyId=${idOf(MTS)}`);
    expect(sorted(items.map((i) => i.reference))).toEqual(sorted(MTS_WORK_ITEMS.map((w) => w.reference)));
    for (const expected of MTS_WORK_ITEMS) {
      const item = items.find((i) => i.reference === expected.reference)!;
      expect(expected.printedReference).toBe(`ETSI ${item.reference}`);
      expect(item).toMatchObject({
        bodyId: idOf(MTS),
        body: { id: idOf(MTS), designation: MTS, name: 'Methods for Testing and Specification' },
        reference: expected.reference,
        title: expected.title,
        statusText: expected.statusText,
        deliverableType: expected.deliverableType,
        stage: expected.stage,
        startedOn: expected.startedOn,
        targetDate: null,
        publishedOn: null,
      });
    }
    expect(items.filter((i) => i.statusText === 'Early Draft')).toHaveLength(2);
    expect(items.find((i) => i.statusText === 'Work started 03/2024')?.reference).toBe('DTR/MTS-20187318');
    for (const item of items) {
      const history = await listAll<HistoryRecord>(server, `/v1/work-items/${item.id}/history`);
      expect(history).toEqual([
        expect.objectContaining({ stage: item.stage, statusText: item.statusText, previousStage: null, actor: 'seed' }),
      ]);
    }
  });

  it.each([WG26, SC42])(
    'records the Category A liaison of %s with ETSI TC MTS as proposed by ETSI TC MTS',
    async (committee) => {
      const liaison = await categoryALiaison(committee);
      expect(liaison).toMatchObject({
        committeeId: idOf(committee),
        committee: { id: idOf(committee), designation: committee },
        partnerId: idOf(MTS),
        partner: { id: idOf(MTS), designation: MTS, kind: 'technical_committee' },
        category: 'category_a',
        status: 'proposed',
        rationale: MTS_RATIONALE,
        objectives: MTS_OBJECTIVES,
        proposedByBodyId: idOf(MTS),
        // the document carries no dates
        proposedOn: null,
        approvedOn: null,
        establishedOn: null,
      });
      expect(liaison.objectives).toHaveLength(5);
      await expectSeededHistory(liaison, SOURCE_003);
      // the same record, read by id and from either body's side
      expect(await getOk<LiaisonRecord>(server, `/v1/liaisons/${liaison.id}`)).toEqual(liaison);
      for (const side of [committee, MTS]) {
        const ofSide = await listAll<LiaisonRecord>(server, `/v1/bodies/${idOf(side)}/liaisons?category=category_a`);
        expect(ofSide.find((l) => l.id === liaison.id)).toEqual(liaison);
      }
    },
  );

  it('warns that Category A is granted at committee level for WG 26, and not for SC 42', async () => {
    expect((await categoryALiaison(WG26)).warnings).toEqual([WG26_CATEGORY_WARNING]);
    expect((await categoryALiaison(SC42)).warnings).toEqual([]);
  });

  it('lists exactly these two proposed Category A liaisons, both of ETSI TC MTS', async () => {
    const proposed = await listAll<LiaisonRecord>(server, '/v1/liaisons?category=category_a&status=proposed');
    expect(sorted(proposed.map((l) => l.committee.designation))).toEqual(sorted([WG26, SC42]));
    const ofMts = await listAll<LiaisonRecord>(server, `/v1/bodies/${idOf(MTS)}/liaisons`);
    expect(sorted(ofMts.map((l) => l.id))).toEqual(sorted(proposed.map((l) => l.id)));
  });

  it('links the three work items to both liaisons, in document order, and the work items back to both', async () => {
    const items = await listAll<WorkItemRecord>(server, `/v1/work-items?bodyId=${idOf(MTS)}`);
    const idByReference = new Map(items.map((i) => [i.reference, i.id]));
    const inDocumentOrder = MTS_WORK_ITEMS.map((w) => idByReference.get(w.reference));
    const liaisons = [await categoryALiaison(WG26), await categoryALiaison(SC42)];
    for (const liaison of liaisons) {
      expect(liaison.workItemIds).toEqual(inDocumentOrder);
      const linked = await listAll<WorkItemRecord>(server, `/v1/work-items?liaisonId=${liaison.id}`);
      expect(sorted(linked.map((i) => i.id))).toEqual(sorted(items.map((i) => i.id)));
    }
    for (const item of items) {
      expect(sorted(item.liaisonIds)).toEqual(sorted(liaisons.map((l) => l.id)));
      expect((await getOk<WorkItemRecord>(server, `/v1/work-items/${item.id}`)).liaisonIds).toEqual(item.liaisonIds);
    }
  });

  it.each([
    [MTS, 5],
    [WG26, 3],
    [SC42, 2],
  ])('gives %s the roster of the Contacts table (%i people, role and honorific each)', async (designation, size) => {
    const roster = await listAll<RosterRecord>(server, `/v1/bodies/${idOf(designation)}/roster`);
    const expected = ROSTER_LINES.filter((line) => line.body === designation);
    expect(expected).toHaveLength(size);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(
      roster
        .map((entry) => ({
          bodyId: entry.bodyId,
          name: entry.contact.name,
          honorific: entry.contact.honorific,
          email: entry.contact.email,
          affiliation: entry.contact.affiliation,
          role: entry.role,
          current: entry.until === null,
        }))
        .sort(byName),
    ).toEqual(
      expected
        .map((line) => ({
          bodyId: idOf(designation),
          name: line.name,
          honorific: line.honorific,
          email: line.email,
          affiliation: line.affiliation,
          role: line.role,
          current: true,
        }))
        .sort(byName),
    );
    for (const entry of roster) expect(entry.contactId).toBe(entry.contact.id);
  });

  it('holds Andrew Dryden as one contact with two memberships (WG 26 and SC 42)', async () => {
    const found = await listAll<ContactRecord>(server, '/v1/contacts?q=Dryden');
    expect(found.map((c) => c.name)).toEqual(['Andrew Dryden']);
    const dryden = await getOk<ContactRecord>(server, `/v1/contacts/${found[0]!.id}`);
    // "ISO Technical Programme Manager" is the only organization the Contacts table names for a person
    expect(dryden).toMatchObject({
      name: 'Andrew Dryden',
      honorific: 'Mr.',
      email: 'dryden@iso.org',
      affiliation: 'ISO',
    });
    expect(
      sorted(
        dryden.memberships!.map((m) => `${m.body.designation} | ${m.role} | ${m.bodyId === idOf(m.body.designation)}`),
      ),
    ).toEqual(sorted([`${WG26} | technical_programme_manager | true`, `${SC42} | technical_programme_manager | true`]));
    for (const designation of [WG26, SC42]) {
      const roster = await listAll<RosterRecord>(server, `/v1/bodies/${idOf(designation)}/roster`);
      expect(roster.filter((entry) => entry.contactId === dryden.id)).toHaveLength(1);
    }
  });

  it('holds exactly the nine people of the Contacts table, each with the memberships the table gives them', async () => {
    const contacts = await listAll<ContactRecord>(server, '/v1/contacts');
    const people = [...new Set(ROSTER_LINES.map((line) => line.email))];
    expect(people).toHaveLength(9);
    expect(sorted(contacts.map((c) => c.email))).toEqual(sorted(people));
    for (const contact of contacts) {
      const lines = ROSTER_LINES.filter((line) => line.email === contact.email);
      expect(contact).toMatchObject({
        name: lines[0]!.name,
        honorific: lines[0]!.honorific,
        affiliation: lines[0]!.affiliation,
      });
      const detail = await getOk<ContactRecord>(server, `/v1/contacts/${contact.id}`);
      expect(sorted(detail.memberships!.map((m) => `${m.body.designation} | ${m.role}`))).toEqual(
        sorted(lines.map((line) => `${line.body} | ${line.role}`)),
      );
    }
    const ofMts = await listAll<ContactRecord>(server, `/v1/contacts?bodyId=${idOf(MTS)}`);
    expect(ofMts).toHaveLength(5);
    // affiliations are not guessed from e-mail domains: only the ISO Technical Programme Manager has one
    expect(contacts.filter((c) => c.affiliation !== null).map((c) => `${c.name}: ${c.affiliation}`)).toEqual([
      'Andrew Dryden: ISO',
    ]);
  });
});

describe('document 000: ITU-T SG17 asks TSAG to establish the Joint-CG-Trust', () => {
  async function theStatement(): Promise<StatementRecord> {
    const statements = await listAll<StatementRecord>(server, `/v1/statements?fromBodyId=${idOf(SG17)}`);
    expect(statements).toHaveLength(1);
    return statements[0]!;
  }

  it('holds the liaison statement from SG17 to TSAG for action, approved at the 8-17 April 2025 meeting', async () => {
    const statement = await theStatement();
    expect(statement).toMatchObject({
      reference: LS_REFERENCE,
      title: LS_TITLE,
      fromBodyId: idOf(SG17),
      from: { id: idOf(SG17), designation: SG17 },
      toBodyIds: [idOf(TSAG)],
      ccBodyIds: [],
      purpose: 'action',
      approval: LS_APPROVAL,
      sentOn: null,
      summary: LS_SUMMARY,
      text: LS_TEXT,
      documentReferences: LS_DOCUMENT_REFERENCES,
      inReplyToId: null,
      replyIds: [],
      contactIds: [],
      attachments: [],
      actionTaken: { taken: false, on: null, note: null },
    });
    expect(await getOk<StatementRecord>(server, `/v1/statements/${statement.id}`)).toEqual(statement);
    const toTsag = await listAll<StatementRecord>(server, `/v1/statements?toBodyId=${idOf(TSAG)}&purpose=action`);
    expect(toTsag.map((s) => s.id)).toEqual([statement.id]);
  });

  it('records no deadline, as the document prints none, so the statement is never overdue', async () => {
    const statement = await theStatement();
    expect(statement.deadline).toBeNull();
    expect(statement.overdue).toBe(false);
    expect(await listAll<StatementRecord>(server, '/v1/statements?overdue=true')).toEqual([]);
    const notOverdue = await listAll<StatementRecord>(server, '/v1/statements?overdue=false');
    expect(notOverdue.map((s) => s.id)).toEqual([statement.id]);
    expect(await listAll<StatementRecord>(server, '/v1/statements?deadlineBefore=2100-01-01')).toEqual([]);
  });

  it('relates the statement to the three coordination liaisons between SG13, SG17 and SG20', async () => {
    const statement = await theStatement();
    const internal = await internalLiaisons();
    expect(sorted(statement.liaisonIds)).toEqual(sorted(internal.map((l) => l.id)));
    for (const liaison of internal) {
      const related = await listAll<StatementRecord>(server, `/v1/statements?liaisonId=${liaison.id}`);
      expect(related.map((s) => s.id)).toEqual([statement.id]);
    }
  });

  it('records the coordination between SG13, SG17 and SG20 as three internal liaisons proposed by SG17', async () => {
    const internal = await internalLiaisons();
    expect(sorted(internal.map((l) => `${l.committee.designation} - ${l.partner.designation}`))).toEqual([
      'ITU-T SG13 - ITU-T SG17',
      'ITU-T SG13 - ITU-T SG20',
      'ITU-T SG17 - ITU-T SG20',
    ]);
    for (const liaison of internal) {
      expect(liaison).toMatchObject({
        category: 'internal',
        status: 'proposed',
        proposedByBodyId: idOf(SG17),
        proposedOn: LS_APPROVAL.date,
        workItemIds: [],
        warnings: [],
      });
      expect(liaison.rationale).toBe(TRUST_RATIONALE);
      expect(liaison.objectives).toEqual(TRUST_OBJECTIVES);
      await expectSeededHistory(liaison, SOURCE_000);
    }
    for (const group of STUDY_GROUPS) {
      const ofGroup = await listAll<LiaisonRecord>(server, `/v1/bodies/${idOf(group)}/liaisons?category=internal`);
      expect(ofGroup).toHaveLength(2);
    }
  });

  it('holds the Joint-CG-Trust under TSAG, proposed, with its mailing list as printed and SG13, SG17, SG20 associated', async () => {
    const group = await getOk<BodyDetail>(server, `/v1/bodies/${idOf(CG_TRUST)}`);
    expect(group).toMatchObject({
      designation: CG_TRUST,
      name: 'Joint Correspondence Group on Trust',
      kind: 'correspondence_group',
      status: 'proposed',
      parentId: idOf(TSAG),
      mailingList: CG_TRUST_MAILING_LIST,
    });
    expect(group.termsOfReference!.associatedBodyIds).toEqual(STUDY_GROUPS.map(idOf));
    const children = await listAll<BodyRecord>(server, `/v1/bodies/${idOf(TSAG)}/children`);
    expect(children.map((b) => b.designation)).toEqual([CG_TRUST]);
    for (const studyGroup of STUDY_GROUPS) {
      const associated = await listAll<BodyRecord>(server, `/v1/bodies?associatedBodyId=${idOf(studyGroup)}`);
      expect(associated.map((b) => b.designation)).toEqual([CG_TRUST]);
    }
  });

  it('holds its terms of reference: scope, the six deliberation topics and the work methods of Annex A', async () => {
    const terms = (await getOk<BodyDetail>(server, `/v1/bodies/${idOf(CG_TRUST)}`)).termsOfReference!;
    expect(terms.scope).toBe(TOR_SCOPE);
    expect(terms.objectives).toEqual(TOR_TOPICS);
    expect(terms.objectives).toHaveLength(6);
    expect(terms.workMethods).toEqual(TOR_WORK_METHODS);
    expect(terms.workMethods[0]).toBe('The parent entity of Joint-CG-Trust is TSAG.');
    expect(terms.workMethods[1]).toBe('Open to all ITU-T SG13, SG17 and SG20 members.');
    expect(terms.workMethods.join(' ')).toContain(CG_TRUST_MAILING_LIST);
    expect(terms.reporting).toBe(TOR_REPORTING);
    // the document's own typos stay
    expect(terms.workMethods[6]).toBe(
      'The Joint-CG-Trust will remain active until an agreement is reached by TSAG.on the WTSA Action [50/2] among ' +
        'the associated Study Groups .',
    );
  });

  it('resolves the tracked changes to their later wording, everywhere the API shows them', async () => {
    const terms = (await getOk<BodyDetail>(server, `/v1/bodies/${idOf(CG_TRUST)}`)).termsOfReference!;
    const methods = terms.workMethods.join('\n');
    expect(methods).toContain('two weeks prior to each Study Group meeting');
    expect(methods).toContain('at least one week in advance');
    expect(methods).not.toContain('one month');
    expect(methods).not.toContain('at least two weeks');
    const everything = JSON.stringify([
      await listAll<BodyDetail>(server, '/v1/bodies'),
      await listAll<LiaisonRecord>(server, '/v1/liaisons'),
      await listAll<StatementRecord>(server, '/v1/statements'),
      await listAll<WorkItemRecord>(server, '/v1/work-items'),
    ]);
    for (const change of TRACKED_CHANGES) expect(everything).not.toContain(change.printed);
  });
});
