/**
 * SQL of liaison statements: the statement row and its four join tables. Every function takes the
 * caller's EntityManager so that a write and its checks share one transaction; reads of a page
 * load each join table once for all the page's statements (`= ANY($1::uuid[])`), never per row.
 */
import type { EntityManager } from 'typeorm';
import { type StatementDraft, type StatementView, statementTag } from './statement-model.js';
import type { StatementPurpose } from './statement-purpose.js';
import { isOverdue } from './statement-rules.js';

/** A statement row with its sender embedded, before the join tables are loaded. */
export interface StatementRow {
  id: string;
  reference: string;
  title: string;
  fromBodyId: string;
  from: { id: string; designation: string; name: string };
  /** Version of the sender's row (for the ETag). */
  fromVersion: number;
  purpose: StatementPurpose;
  deadline: string | null;
  inReplyToId: string | null;
  approvalLevel: string | null;
  approvedOn: string | null;
  sentOn: string | null;
  summary: string | null;
  text: string | null;
  documentReferences: string[];
  actionTaken: boolean;
  actionTakenOn: string | null;
  actionNote: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** `FROM` clause of every statement read; the sender is joined in (it is NOT NULL, so no row is lost). */
export const STATEMENT_SELECT = `SELECT s.id, s.reference, s.title, s.from_body_id, s.purpose, s.deadline,
  s.in_reply_to_id, s.approval_level, s.approved_on, s.sent_on, s.summary, s.body_text, s.document_references,
  s.action_taken, s.action_taken_on, s.action_note, s.version, s.created_at, s.updated_at,
  fb.designation AS from_designation, fb.name AS from_name, fb.version AS from_version
  FROM statements s JOIN bodies fb ON fb.id = s.from_body_id`;

export function toStatementRow(raw: Record<string, unknown>): StatementRow {
  const fromBodyId = raw.from_body_id as string;
  return {
    id: raw.id as string,
    reference: raw.reference as string,
    title: raw.title as string,
    fromBodyId,
    from: { id: fromBodyId, designation: raw.from_designation as string, name: raw.from_name as string },
    fromVersion: raw.from_version as number,
    purpose: raw.purpose as StatementPurpose,
    deadline: (raw.deadline as string | null) ?? null,
    inReplyToId: (raw.in_reply_to_id as string | null) ?? null,
    approvalLevel: (raw.approval_level as string | null) ?? null,
    approvedOn: (raw.approved_on as string | null) ?? null,
    sentOn: (raw.sent_on as string | null) ?? null,
    summary: (raw.summary as string | null) ?? null,
    text: (raw.body_text as string | null) ?? null,
    documentReferences: (raw.document_references as string[] | null) ?? [],
    actionTaken: raw.action_taken as boolean,
    actionTakenOn: (raw.action_taken_on as string | null) ?? null,
    actionNote: (raw.action_note as string | null) ?? null,
    version: raw.version as number,
    createdAt: raw.created_at as Date,
    updatedAt: raw.updated_at as Date,
  };
}

/** The ETag a GET of the statement would carry now, from one query; null when there is no such statement. */
export async function currentStatementTag(manager: EntityManager, id: string, today: string): Promise<string | null> {
  const rows: { version: number; from_version: number; reply_ids: string[] }[] = await manager.query(
    `SELECT s.version, fb.version AS from_version,
            ARRAY(SELECT r.id::text FROM statements r WHERE r.in_reply_to_id = s.id ORDER BY r.created_at, r.id)
              AS reply_ids
       FROM statements s JOIN bodies fb ON fb.id = s.from_body_id
      WHERE s.id = $1`,
    [id],
  );
  const row = rows[0];
  return row
    ? statementTag({ version: row.version, fromVersion: row.from_version, replyIds: row.reply_ids, asOf: today })
    : null;
}

export async function findStatementRow(manager: EntityManager, id: string): Promise<StatementRow | undefined> {
  const raw: Record<string, unknown>[] = await manager.query(`${STATEMENT_SELECT} WHERE s.id = $1`, [id]);
  return raw[0] && toStatementRow(raw[0]);
}

/** One row of the join tables of a page of statements (see `loadViews`). */
interface ListRow {
  /** r: recipient (`a` = to | cc), c: contact, a: attachment (`ref` = url, `a` = title), l: liaison, p: reply. */
  list: 'r' | 'c' | 'a' | 'l' | 'p';
  statement_id: string;
  ref: string;
  a: string | null;
}

/** Adds the join-table lists and the computed fields to a page of rows: one query, whatever the page size. */
export async function loadViews(manager: EntityManager, rows: StatementRow[], today: string): Promise<StatementView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // All four join tables and the replies in one round trip, each in the order the representation shows it.
  const lists: ListRow[] = await manager.query(
    `SELECT 'r' AS list, statement_id, body_id::text AS ref, kind AS a, kind AS grp, position AS pos,
            NULL::timestamptz AS at, NULL::text AS tie
       FROM statement_recipients WHERE statement_id = ANY($1::uuid[])
     UNION ALL
     SELECT 'c', statement_id, contact_id::text, NULL, NULL, position, NULL, NULL FROM statement_contacts
      WHERE statement_id = ANY($1::uuid[])
     UNION ALL
     SELECT 'a', statement_id, url, title, NULL, position, NULL, id::text FROM statement_attachments
      WHERE statement_id = ANY($1::uuid[])
     UNION ALL
     SELECT 'l', statement_id, liaison_id::text, NULL, NULL, 0, NULL, NULL FROM statement_liaisons
      WHERE statement_id = ANY($1::uuid[])
     UNION ALL
     SELECT 'p', in_reply_to_id, id::text, NULL, NULL, 0, created_at, NULL FROM statements
      WHERE in_reply_to_id = ANY($1::uuid[])
     ORDER BY list, statement_id, grp NULLS FIRST, pos, at NULLS FIRST, tie NULLS FIRST, ref`,
    [ids],
  );
  const of = (list: ListRow['list']) => lists.filter((r) => r.list === list);
  const recipients = of('r');
  const contacts = of('c').map((r) => ({ statement_id: r.statement_id, contact_id: r.ref }));
  const attachments = of('a').map((r) => ({ statement_id: r.statement_id, title: r.a ?? '', url: r.ref }));
  const liaisons = of('l').map((r) => ({ statement_id: r.statement_id, liaison_id: r.ref }));
  const replies = of('p').map((r) => ({ in_reply_to_id: r.statement_id, id: r.ref }));
  const to = groupBy(
    recipients.filter((r) => r.a === 'to'),
    (r) => r.statement_id,
    (r) => r.ref,
  );
  const cc = groupBy(
    recipients.filter((r) => r.a === 'cc'),
    (r) => r.statement_id,
    (r) => r.ref,
  );
  const contactIds = groupBy(
    contacts,
    (r) => r.statement_id,
    (r) => r.contact_id,
  );
  const attachmentList = groupBy(
    attachments,
    (r) => r.statement_id,
    (r) => ({ title: r.title, url: r.url }),
  );
  const liaisonIds = groupBy(
    liaisons,
    (r) => r.statement_id,
    (r) => r.liaison_id,
  );
  const replyIds = groupBy(
    replies,
    (r) => r.in_reply_to_id,
    (r) => r.id,
  );
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    title: row.title,
    fromBodyId: row.fromBodyId,
    from: row.from,
    toBodyIds: to.get(row.id) ?? [],
    ccBodyIds: cc.get(row.id) ?? [],
    purpose: row.purpose,
    deadline: row.deadline,
    inReplyToId: row.inReplyToId,
    approval: row.approvalLevel === null ? null : { level: row.approvalLevel, date: row.approvedOn },
    sentOn: row.sentOn,
    contactIds: contactIds.get(row.id) ?? [],
    summary: row.summary,
    text: row.text,
    documentReferences: row.documentReferences,
    attachments: attachmentList.get(row.id) ?? [],
    liaisonIds: liaisonIds.get(row.id) ?? [],
    actionTaken: { taken: row.actionTaken, on: row.actionTakenOn, note: row.actionNote },
    replyIds: replyIds.get(row.id) ?? [],
    overdue: isOverdue(row.deadline, row.actionTaken, today),
    fromVersion: row.fromVersion,
    asOf: today,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

function groupBy<T, V>(items: T[], key: (item: T) => string, value: (item: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(value(item));
    else groups.set(k, [value(item)]);
  }
  return groups;
}

/** Column values of the statement row, in the order of `ROW_COLUMNS`. */
function rowValues(draft: StatementDraft): unknown[] {
  return [
    draft.reference,
    draft.title,
    draft.fromBodyId,
    draft.purpose,
    draft.deadline,
    draft.inReplyToId,
    draft.approval?.level ?? null,
    draft.approval?.date ?? null,
    draft.sentOn,
    draft.summary,
    draft.text,
    JSON.stringify(draft.documentReferences),
    draft.actionTaken.taken,
    draft.actionTaken.on,
    draft.actionTaken.note,
  ];
}

const ROW_COLUMNS = [
  'reference',
  'title',
  'from_body_id',
  'purpose',
  'deadline',
  'in_reply_to_id',
  'approval_level',
  'approved_on',
  'sent_on',
  'summary',
  'body_text',
  'document_references',
  'action_taken',
  'action_taken_on',
  'action_note',
];

export async function insertStatementRow(manager: EntityManager, draft: StatementDraft): Promise<string> {
  const placeholders = ROW_COLUMNS.map((column, i) => `$${i + 1}${column === 'document_references' ? '::jsonb' : ''}`);
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO statements (${ROW_COLUMNS.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING id`,
    rowValues(draft),
  );
  return rows[0]!.id;
}

/** Rewrites the statement row and bumps its version, whether the change was in the row or in a list. */
export async function updateStatementRow(manager: EntityManager, id: string, draft: StatementDraft): Promise<void> {
  const assignments = ROW_COLUMNS.map(
    (column, i) => `${column} = $${i + 2}${column === 'document_references' ? '::jsonb' : ''}`,
  );
  await manager.query(
    `UPDATE statements SET ${assignments.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, ...rowValues(draft)],
  );
}

/** Replaces the `to` and `cc` recipients together, so a body can move from one list to the other. */
export async function writeRecipients(
  manager: EntityManager,
  id: string,
  toBodyIds: string[],
  ccBodyIds: string[],
  replace: boolean,
): Promise<void> {
  if (replace) await manager.query('DELETE FROM statement_recipients WHERE statement_id = $1', [id]);
  const bodyIds = [...toBodyIds, ...ccBodyIds];
  if (bodyIds.length === 0) return;
  await manager.query(
    `INSERT INTO statement_recipients (statement_id, body_id, kind, position)
     SELECT $1, t.body_id, t.kind, t.position FROM unnest($2::uuid[], $3::text[], $4::int[]) AS t(body_id, kind, position)`,
    [
      id,
      bodyIds,
      [...toBodyIds.map(() => 'to'), ...ccBodyIds.map(() => 'cc')],
      [...toBodyIds.map((_, i) => i), ...ccBodyIds.map((_, i) => i)],
    ],
  );
}

export async function writeContacts(
  manager: EntityManager,
  id: string,
  contactIds: string[],
  replace: boolean,
): Promise<void> {
  if (replace) await manager.query('DELETE FROM statement_contacts WHERE statement_id = $1', [id]);
  if (contactIds.length === 0) return;
  await manager.query(
    `INSERT INTO statement_contacts (statement_id, contact_id, position)
     SELECT $1, t.contact_id, t.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(contact_id, ord)`,
    [id, contactIds],
  );
}

export async function writeAttachments(
  manager: EntityManager,
  id: string,
  attachments: { title: string; url: string }[],
  replace: boolean,
): Promise<void> {
  if (replace) await manager.query('DELETE FROM statement_attachments WHERE statement_id = $1', [id]);
  if (attachments.length === 0) return;
  await manager.query(
    `INSERT INTO statement_attachments (statement_id, title, url, position)
     SELECT $1, t.title, t.url, t.ord - 1 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(title, url, ord)`,
    [id, attachments.map((a) => a.title), attachments.map((a) => a.url)],
  );
}

export async function writeLiaisons(
  manager: EntityManager,
  id: string,
  liaisonIds: string[],
  replace: boolean,
): Promise<void> {
  if (replace) await manager.query('DELETE FROM statement_liaisons WHERE statement_id = $1', [id]);
  if (liaisonIds.length === 0) return;
  await manager.query(`INSERT INTO statement_liaisons (statement_id, liaison_id) SELECT $1, unnest($2::uuid[])`, [
    id,
    liaisonIds,
  ]);
}

export type ReferencedTable = 'bodies' | 'contacts' | 'liaisons' | 'statements';

/**
 * Which of `ids` do not exist in `table`. The ones that do are locked FOR KEY SHARE until the
 * transaction ends, so they cannot be deleted between this check and the insert that refers to them.
 */
export async function missingIds(manager: EntityManager, table: ReferencedTable, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM ${table} WHERE id = ANY($1::uuid[]) FOR KEY SHARE`,
    [unique],
  );
  const found = new Set(rows.map((r) => r.id));
  return new Set(unique.filter((id) => !found.has(id)));
}

/** The statement `startId`, the one it answers, and so on up the thread (bounded against corrupt data). */
export async function replyChain(manager: EntityManager, startId: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `WITH RECURSIVE chain(id, in_reply_to_id, depth) AS (
       SELECT id, in_reply_to_id, 0 FROM statements WHERE id = $1
       UNION ALL
       SELECT s.id, s.in_reply_to_id, c.depth + 1 FROM statements s JOIN chain c ON s.id = c.in_reply_to_id
        WHERE c.depth < 1000
     ) SELECT id FROM chain ORDER BY depth`,
    [startId],
  );
  return rows.map((r) => r.id);
}

/** Another statement of the same sender with the same reference (case-insensitive), if any. */
export async function findDuplicateReference(
  manager: EntityManager,
  fromBodyId: string,
  reference: string,
  exceptId?: string,
): Promise<{ id: string; reference: string } | undefined> {
  const rows: { id: string; reference: string }[] = await manager.query(
    `SELECT id, reference FROM statements
      WHERE from_body_id = $1 AND lower(reference) = lower($2) AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [fromBodyId, reference, exceptId ?? null],
  );
  return rows[0];
}
