/**
 * The facts of the two source documents in shared/seeds, copied from the documents as printed, and the
 * HTTP helpers that read them back from a seeded server. Nothing here is taken from src/seed/seed-data.ts.
 *
 * The registry holds the documents' texts as printed: their typos, curly quotes, apostrophes and the Unicode
 * hyphen (U+2010) included. `printed()` only trims a text and turns no-break spaces into spaces (spacing is not
 * part of the wording); a text of several paragraphs is held with a blank line between them. The one change is the
 * one the issue asks for: tracked changes resolved to their later wording.
 */
import type { BodyRecord } from './factories.js';
import { collectPages } from './registry-factories.js';
import type { TestServer } from './server.js';

/** A document text as the registry holds it: trimmed, no-break spaces as spaces, nothing else changed. */
export function printed(text: string): string {
  return text.replace(/\u00a0/g, ' ').trim();
}

/** Joins paragraphs of a document into one stored text, a blank line between them. */
export function paragraphs(...texts: string[]): string {
  return texts.map(printed).join('\n\n');
}

/** Where each liaison of the seed comes from, as its history entry cites it. */
export const SOURCE_003 =
  'shared/seeds/003_f26d08a23b1e4d8c.txt, "Proposal for a Category A Liaison between ISO/IEC JTC1/ SC7 WG26, ' +
  'JTC1/SC42 and ETSI TC MTS"';
export const SOURCE_000 =
  'shared/seeds/000_0128c57cc8ad214f.txt, ITU-T SG17 liaison statement to TSAG on the Joint Correspondence Group ' +
  'on Trust (Joint-CG-Trust)';

// ---------------------------------------------------------------------------------------------------------------
// 003_f26d08a23b1e4d8c.txt: ETSI TC MTS proposes a Category A liaison with ISO/IEC JTC 1/SC 7/WG 26 and SC 42
// ---------------------------------------------------------------------------------------------------------------

export const MTS = 'ETSI TC MTS';
export const WG26 = 'ISO/IEC JTC 1/SC 7/WG 26';
export const SC42 = 'ISO/IEC JTC 1/SC 42';

export interface PrintedWorkItem {
  /** The reference as printed in the table ("ETSI DTR/MTS 103910"). */
  printedReference: string;
  /** The body's own reference: the printed one without the organisation prefix "ETSI ". */
  reference: string;
  title: string;
  /** The status column, word for word. */
  statusText: string;
  deliverableType: string;
  stage: string;
  startedOn: string | null;
}

/** The work item table, in document order (the order the liaisons list them in). */
export const MTS_WORK_ITEMS: readonly PrintedWorkItem[] = [
  {
    printedReference: 'ETSI DTR/MTS 103910',
    reference: 'DTR/MTS 103910',
    title: 'AI Testing Test Methodology and Test Specification for AI-enabled Systems',
    statusText: 'Early Draft',
    deliverableType: 'etsi_tr',
    stage: 'early_draft',
    startedOn: null,
  },
  {
    printedReference: 'ETSI DTS/MTS 104008',
    reference: 'DTS/MTS 104008',
    // printed with a "[bookmark: doctitle]" conversion artefact in front, which is not part of the title
    title: 'Continuous Auditing Based Conformity Assessment for AI-enabled systems',
    statusText: 'Early Draft',
    deliverableType: 'etsi_ts',
    stage: 'early_draft',
    startedOn: null,
  },
  {
    printedReference: 'ETSI DTR/MTS-20187318',
    reference: 'DTR/MTS-20187318',
    title: 'Towards a Harmonised Documentation Scheme for Trustworthy AI',
    statusText: 'Work started 03/2024',
    deliverableType: 'etsi_tr',
    stage: 'preliminary',
    startedOn: '2024-03-01',
  },
];

/**
 * The rationale: the prose of the Introduction and of the Objectives section, paragraph by paragraph, each lead-in
 * ("The corresponding work items are:", "They therefore wish to:") kept, and the document's "ISO/IEC JTC 1/SC42"
 * (once, beside "ISO/IEC JTC 1/SC 42" elsewhere) as printed.
 */
export const MTS_RATIONALE = paragraphs(
  'ETSI TC MTS develops standards related to testing and auditing ML-based systems. The corresponding work items are: ',
  'In many instances there is a direct relation between ETSI TC MTS, ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 standards. ETSI will in many instances directly reference the output of ISO/IEC standards but does not collaborate in its inception phase. Simply referencing finalised and published output from ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 may in some cases lead to lack of convergence.',
  'By establishing a closer exchange on the relevant subjects, there is an opportunity to make the standards of ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC42 applicable to a wider range of domains and technical standards, and to close potential gaps.',
  'As an example, ETSI TC MTS will develop the Documentation Scheme for Trustworthy AI, and an exchange with ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 on this and related topics would be beneficial to both parties.',
  'ETSI TC MTS and ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 have a reciprocal interest in avoiding duplication of technical work and have noted the benefits of structuring and strengthening their relationship in a number of standardisation related areas. They therefore wish to:',
);

/** "They therefore wish to:", the five bullets ("co‐operation" with the document's U+2010 hyphen). */
export const MTS_OBJECTIVES: readonly string[] = [
  'adopt a complementary approach to the standardization process in the domains of mutual interest',
  'use complementary expertise to accelerate the establishment of standardisation deliverables',
  'foster closer co\u2010operation',
  'share mutual development',
  'prevent duplication of work',
].map(printed);

/** The registry's wording of the irregularity of a Category A liaison held by a working group. */
export const WG26_CATEGORY_WARNING = {
  code: 'category-requires-committee-level',
  message:
    'Category A liaisons are granted by a technical committee or subcommittee, but ISO/IEC JTC 1/SC 7/WG 26 is a ' +
    'working group; the record is kept but is irregular.',
};

/** Roles as the Contacts table words them, and the roster role each is. */
const ROLE_OF: Record<string, string> = {
  'ETSI TC MTS chair': 'chair',
  'Technical Officer': 'technical_officer',
  Delegate: 'delegate',
  'Project Officer': 'project_officer',
  'Committee Manager': 'committee_manager',
  'ISO Technical Programme Manager': 'technical_programme_manager',
  'SC7/WG26 Convenor': 'convenor',
};

export interface PrintedRosterLine {
  /** Designation of the group (the document prints "ETSI TC MTS", "ISO/IEC JTC 1 SC7/WG26", "ISO/IEC JTC 1 SC42"). */
  body: string;
  name: string;
  honorific: string | null;
  email: string;
  /** The role as printed in brackets. */
  printedRole: string;
  role: string;
  /**
   * The organization the document names for the person: only "ISO Technical Programme Manager" names one. E-mail
   * domains are not affiliations.
   */
  affiliation: string | null;
}

function rosterLine(body: string, nameColumn: string, email: string): PrintedRosterLine {
  const match = /^(?:(Ms\.|Mr\.|Dr\.) )?(.+?)\s*\((.+)\)$/u.exec(nameColumn);
  if (!match) throw new Error(`unparsed roster line: ${nameColumn}`);
  const [, honorific, name, printedRole] = match as unknown as [string, string | undefined, string, string];
  const role = ROLE_OF[printedRole];
  if (!role) throw new Error(`unknown printed role: ${printedRole}`);
  const affiliation = printedRole === 'ISO Technical Programme Manager' ? 'ISO' : null;
  return { body, name, honorific: honorific ?? null, email, printedRole, role, affiliation };
}

/** The Contacts table, line by line (Name and Email columns copied as printed): 10 lines, 9 people. */
export const ROSTER_LINES: readonly PrintedRosterLine[] = [
  rosterLine(MTS, 'Philip Makedonski (ETSI TC MTS chair)', 'makedonski@informatik.uni-goettingen.de'),
  rosterLine(MTS, 'Xavier Piednoir\u00a0(Technical Officer)', 'xavier.piednoir@etsi.org'),
  rosterLine(MTS, 'Jürgen Grossmann (Delegate)', 'juergen.grossmann@fokus.fraunhofer.de'),
  rosterLine(MTS, 'Taras Holoyad (Delegate)', 'taras.holoyad@bnetza.de'),
  rosterLine(MTS, 'Sebastian Müller (Project Officer)', 'sebastian.mueller@etsi.org'),
  rosterLine(WG26, 'Ms. Reena Garg (Committee Manager)', 'hlitd@bis.gov.in'),
  rosterLine(WG26, 'Mr. Andrew Dryden (ISO Technical Programme Manager)', 'dryden@iso.org'),
  rosterLine(WG26, 'Dr. Stuart Reid (SC7/WG26 Convenor)', 'stureid.test@gmail.com'),
  rosterLine(SC42, 'Ms. Heather Benko (Committee Manager)', 'hbenko@ansi.org'),
  rosterLine(SC42, 'Mr. Andrew Dryden (ISO Technical Programme Manager)', 'dryden@iso.org'),
];

// ---------------------------------------------------------------------------------------------------------------
// 000_0128c57cc8ad214f.txt: ITU-T SG17 asks TSAG to establish the Joint Correspondence Group on Trust
// ---------------------------------------------------------------------------------------------------------------

export const SG17 = 'ITU-T SG17';
export const TSAG = 'ITU-T TSAG';
export const CG_TRUST = 'Joint-CG-Trust';
export const STUDY_GROUPS = ['ITU-T SG13', 'ITU-T SG17', 'ITU-T SG20'] as const;

/**
 * The extract starts at the Abstract: no LS or TD number of the statement is printed (SG17 TD28-GEN is the SG20
 * statement it answers). The registry uses the closest identifier the document prints for it, the abbreviation of
 * its subject in the Abstract.
 */
export const LS_REFERENCE = 'Joint-CG-Trust';

/** No title line is printed: the subject as the Abstract and the heading of Annex A name it. */
export const LS_TITLE = 'Joint Correspondence Group on Trust (Joint-CG-Trust)';

/** The Abstract. */
export const LS_SUMMARY = printed(
  '\tThis liaison statement requests ITU-T TSAG to establish Joint Correspondence Group on Trust (Joint-CG-Trust) under the auspices of TSAG.',
);

/** Documents the statement cites, in the order it cites them. */
export const LS_DOCUMENT_REFERENCES = ['SG17 TD28-GEN', 'SG17-C44', 'SG17-C109', 'WTSA-24 Action 8'];

/** The four paragraphs of the letter, as printed ("in as follows" and "under its auspicious" are the document's). */
export const LS_PARAGRAPHS = [
  'ITU-T Study Group 17 reviewed the SG20 liaison statement about Joint Correspondence group on Trust (CG-Trust) in SG17 TD28-GEN and two Contributions regarding Trust in SG17-C44 and SG17-C109 at its 8-17 April 2025 SG17 meeting. ',
  'It is noted that WTSA-24 in October 2024 approved WTSA-24 Action 8 ("trust" (including trusted information) and "trustworthiness") in as follows: WTSA-24 instructs ITU-T study groups, inter alia Study Groups 13, 17 and 20, to establish a coordination mechanism amongst the study groups in order to deliberate on the topic of "trust" (including trusted information) and "trustworthiness", and report to TSAG. ',
  'ITU-T Study Group 17 is pleased to suggest that ITU-T TSAG establish a Joint Correspondence Group on Trust under its auspicious. In addition we inform ITU-T TSAG about the draft ToR of joint CG on Trust as described in Annex A, which is revised from the liaison statement in SG17 TD28-GEN.',
  'ITU-T SG17 looks forward to keeping continued collaboration with you on this topic.',
] as const;

export const LS_TEXT = paragraphs(...LS_PARAGRAPHS);

/** The meeting that approved the statement ("at its 8-17 April 2025 SG17 meeting"); dated by its last day. */
export const LS_APPROVAL = { level: 'ITU-T SG17 meeting, 8-17 April 2025', date: '2025-04-17' };

/**
 * Why SG13, SG17 and SG20 coordinate: the second and third paragraphs of the letter. What for: the two sentences
 * of Annex A section 1 that say it.
 */
export const TRUST_RATIONALE = paragraphs(LS_PARAGRAPHS[1], LS_PARAGRAPHS[2]);
export const TRUST_OBJECTIVES: readonly string[] = [
  'The Joint-CG-Trust will deliberate on the topic of \u201ctrust\u201d (including trusted information) and \u201ctrustworthiness\u201d, to implement the action requested by WTSA-24.',
  'The objectives are to assist the associated Study Groups\u2019 chairs in preparing a report to TSAG on the topic of trust.',
].map(printed);

/**
 * Annex A, section 1 "Scope and objectives": its prose paragraphs are the scope (the lead-in of the list included),
 * its six bullets the deliberation topics.
 */
export const TOR_SCOPE = paragraphs(
  'WTSA-24 in October 2024 approved WTSA-24 Action on COM4/2 (Trust) in draft proceedings of WTSA-24 as follows: WTSA-24 instructs ITU-T study groups, inter alia Study Groups 13, 17 and 20, to establish a coordination mechanism amongst the study groups in order to deliberate on the topic of "trust" (including trusted information) and "trustworthiness", and report to TSAG. ',
  'The Joint-CG-Trust will deliberate on the topic of \u201ctrust\u201d (including trusted information) and \u201ctrustworthiness\u201d, to implement the action requested by WTSA-24. In particular, this deliberation would include:',
  'The objectives are to assist the associated Study Groups\u2019 chairs in preparing a report to TSAG on the topic of trust.',
);

export const TOR_TOPICS: readonly string[] = [
  'Explore the concept of trust in the context of telecom and ICTs.',
  'Review existing standards and frameworks related to trust and trustworthiness.',
  'Identify key components of a comprehensive trust framework.',
  'Develop a basis for a unified definition of trust suitable for standard development organizations (SDOs).',
  'Discuss the implementation and challenges of adopting trust standards in telecom and ICT sectors.',
  ' Provide insights into future directions and research opportunities in trust standardization.',
].map(printed);

/** The tracked changes of Annex A as printed (deleted words run into inserted ones) and the later wording. */
export const TRACKED_CHANGES = [
  { printed: 'one monthtwo weeks', later: 'two weeks' },
  { printed: 'two weeksone week', later: 'one week' },
] as const;

function resolveTrackedChanges(text: string): string {
  return TRACKED_CHANGES.reduce((result, change) => result.replace(change.printed, change.later), text);
}

/**
 * Annex A, section 2 "Work methods", bullet by bullet as printed, with the tracked changes resolved to their later
 * wording and nothing else changed: the seventh keeps the document's "TSAG.on" and "Study Groups .".
 */
export const TOR_WORK_METHODS: readonly string[] = [
  'The parent entity of Joint-CG-Trust is TSAG. ',
  'Open to all ITU-T SG13, SG17 and SG20 members.',
  'The results of the Joint-CG-Trust activities will be reported one monthtwo weeks prior to each Study Group meeting.',
  'The Joint-CG-Trust activities will primarily be conducted through the dedicated mailing list t25jcg trust@lists.itu.int but may also include virtual meetings as agreed upon. These virtual meetings will be organized using meeting tools supported by TSB.',
  'Meeting announcements, including the draft agenda, will be distributed via e-mail at least two weeksone week in advance.',
  'The Joint-CG-Trust Co-convenors will be appointed by the associated Study Groups, respectively.',
  'The Joint-CG-Trust will remain active until an agreement is reached by TSAG.on the WTSA Action [50/2] among the associated Study Groups . ',
  'The Joint-CG-Trust will report to the respective Study Groups and TSAG until the task is concluded. ',
  'The potential extension of the Joint-CG-Trust will be decided by TSAG upon input from the associated Study Groups.',
].map((method) => printed(resolveTrackedChanges(method)));

/** The reporting rule: the two work methods that say when and to whom the group reports, as printed. */
export const TOR_REPORTING = `${TOR_WORK_METHODS[2]!} ${TOR_WORK_METHODS[7]!}`;

/** The mailing list exactly as the work methods print it (with the space). */
export const CG_TRUST_MAILING_LIST = 't25jcg trust@lists.itu.int';

// ---------------------------------------------------------------------------------------------------------------
// Reading over HTTP
// ---------------------------------------------------------------------------------------------------------------

export interface TermsOfReference {
  scope: string | null;
  objectives: string[];
  workMethods: string[];
  reporting: string | null;
  associatedBodyIds: string[];
}

export interface BodyDetail extends BodyRecord {
  termsOfReference: TermsOfReference | null;
}

/** GET that must answer 200; returns the body. */
export async function getOk<T>(server: TestServer, path: string): Promise<T> {
  const response = await server.http.get(path);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.text}`);
  return response.body as T;
}

/** Every item of a list, following the pages. */
export async function listAll<T>(server: TestServer, path: string): Promise<T[]> {
  const separator = path.includes('?') ? '&' : '?';
  return (await collectPages<T>(server, `${path}${separator}limit=200`)).items;
}

/** Finds a body by its designation with `designationPrefix` and reads it with `GET /v1/bodies/{id}`. */
export async function bodyByDesignation(server: TestServer, designation: string): Promise<BodyDetail> {
  const candidates = await listAll<BodyRecord>(
    server,
    `/v1/bodies?designationPrefix=${encodeURIComponent(designation)}`,
  );
  const matches = candidates.filter((body) => body.designation === designation);
  if (matches.length !== 1) throw new Error(`${matches.length} bodies are designated ${designation}`);
  return getOk<BodyDetail>(server, `/v1/bodies/${matches[0]!.id}`);
}

/** Sorted copy, for lists whose order the API does not define. */
export function sorted<T>(values: readonly T[]): T[] {
  return [...values].sort();
}
