/**
 * The seed registry, taken from the source documents in shared/seeds:
 * - 003: ETSI TC MTS proposes a Category A liaison with ISO/IEC JTC 1/SC 7/WG 26 and SC 42;
 * - 000: ITU-T SG17 asks TSAG to establish the Joint Correspondence Group on Trust.
 * Bodies are listed parents first; `parent` names the parent's designation.
 */
import { BodyKind, BodyStatus } from '../bodies/body-kind.js';
import { RosterRole } from '../contacts/roster-role.js';
import { LiaisonCategory, LiaisonStatus } from '../liaisons/liaison-enums.js';
import { StatementPurpose } from '../statements/statement-purpose.js';
import { DeliverableType, WorkItemStage } from '../work-items/work-item-enums.js';

export interface SeedBody {
  designation: string;
  name: string;
  kind: BodyKind;
  parent?: string;
  status: BodyStatus;
  website?: string;
  mailingList?: string;
  termsOfReference?: {
    scope: string;
    objectives: readonly string[];
    workMethods: readonly string[];
    reporting: string;
    /** Designations of the associated bodies. */
    associated: string[];
  };
}

/** Annex A, section 2 "Work methods" of document 000, bullet by bullet (see the terms of reference below). */
const TRUST_WORK_METHODS: readonly string[] = [
  'The parent entity of Joint-CG-Trust is TSAG.',
  'Open to all ITU-T SG13, SG17 and SG20 members.',
  'The results of the Joint-CG-Trust activities will be reported two weeks prior to each Study Group meeting.',
  'The Joint-CG-Trust activities will primarily be conducted through the dedicated mailing list ' +
    't25jcg trust@lists.itu.int but may also include virtual meetings as agreed upon. These virtual meetings will ' +
    'be organized using meeting tools supported by TSB.',
  'Meeting announcements, including the draft agenda, will be distributed via e-mail at least one week in advance.',
  'The Joint-CG-Trust Co-convenors will be appointed by the associated Study Groups, respectively.',
  // "TSAG.on" and "Study Groups ." are the document's own.
  'The Joint-CG-Trust will remain active until an agreement is reached by TSAG.on the WTSA Action [50/2] among ' +
    'the associated Study Groups .',
  'The Joint-CG-Trust will report to the respective Study Groups and TSAG until the task is concluded.',
  'The potential extension of the Joint-CG-Trust will be decided by TSAG upon input from the associated Study Groups.',
];

export const SEED_BODIES: readonly SeedBody[] = [
  {
    designation: 'ISO',
    name: 'International Organization for Standardization',
    kind: BodyKind.Organization,
    status: BodyStatus.Active,
    website: 'https://www.iso.org',
  },
  {
    designation: 'IEC',
    name: 'International Electrotechnical Commission',
    kind: BodyKind.Organization,
    status: BodyStatus.Active,
    website: 'https://www.iec.ch',
  },
  {
    designation: 'ISO/IEC JTC 1',
    name: 'Information technology',
    kind: BodyKind.JointTechnicalCommittee,
    parent: 'ISO',
    status: BodyStatus.Active,
    website: 'https://www.iso.org/committee/45020.html',
  },
  {
    designation: 'ISO/IEC JTC 1/SC 7',
    name: 'Software and systems engineering',
    kind: BodyKind.Subcommittee,
    parent: 'ISO/IEC JTC 1',
    status: BodyStatus.Active,
    website: 'https://www.iso.org/committee/45086.html',
  },
  {
    designation: 'ISO/IEC JTC 1/SC 7/WG 26',
    name: 'Software testing',
    kind: BodyKind.WorkingGroup,
    parent: 'ISO/IEC JTC 1/SC 7',
    status: BodyStatus.Active,
  },
  {
    designation: 'ISO/IEC JTC 1/SC 42',
    name: 'Artificial intelligence',
    kind: BodyKind.Subcommittee,
    parent: 'ISO/IEC JTC 1',
    status: BodyStatus.Active,
    website: 'https://www.iso.org/committee/6794475.html',
  },
  {
    designation: 'ETSI',
    name: 'European Telecommunications Standards Institute',
    kind: BodyKind.Organization,
    status: BodyStatus.Active,
    website: 'https://www.etsi.org',
  },
  {
    designation: 'ETSI TC MTS',
    name: 'Methods for Testing and Specification',
    kind: BodyKind.TechnicalCommittee,
    parent: 'ETSI',
    status: BodyStatus.Active,
  },
  {
    designation: 'ITU-T',
    name: 'ITU Telecommunication Standardization Sector',
    kind: BodyKind.Organization,
    status: BodyStatus.Active,
    website: 'https://www.itu.int/en/ITU-T',
  },
  {
    designation: 'ITU-T TSAG',
    name: 'Telecommunication Standardization Advisory Group',
    kind: BodyKind.AdvisoryGroup,
    parent: 'ITU-T',
    status: BodyStatus.Active,
  },
  {
    designation: 'ITU-T SG13',
    name: 'Future networks and emerging network technologies',
    kind: BodyKind.StudyGroup,
    parent: 'ITU-T',
    status: BodyStatus.Active,
  },
  {
    designation: 'ITU-T SG17',
    name: 'Security',
    kind: BodyKind.StudyGroup,
    parent: 'ITU-T',
    status: BodyStatus.Active,
  },
  {
    designation: 'ITU-T SG20',
    name: 'Internet of things (IoT) and digital transformation',
    kind: BodyKind.StudyGroup,
    parent: 'ITU-T',
    status: BodyStatus.Active,
  },
  {
    designation: 'Joint-CG-Trust',
    name: 'Joint Correspondence Group on Trust',
    kind: BodyKind.CorrespondenceGroup,
    parent: 'ITU-T TSAG',
    status: BodyStatus.Proposed,
    // As printed in the liaison statement (the space is in the source document).
    mailingList: 't25jcg trust@lists.itu.int',
    // Annex A of the SG17 liaison statement (draft terms of reference), word for word as printed, typos, curly quotes
    // and all; only leading and trailing spaces are dropped. Tracked changes are resolved to their later wording:
    // "one monthtwo weeks" -> "two weeks", "two weeksone week" -> "one week". Nothing else is mended.
    termsOfReference: {
      // Section 1 "Scope and objectives": its prose paragraphs are the scope (the lead-in "In particular, this
      // deliberation would include:" included), its six bullets, the deliberation topics, the objectives.
      scope: [
        'WTSA-24 in October 2024 approved WTSA-24 Action on COM4/2 (Trust) in draft proceedings of WTSA-24 as ' +
          'follows: WTSA-24 instructs ITU-T study groups, inter alia Study Groups 13, 17 and 20, to establish a ' +
          'coordination mechanism amongst the study groups in order to deliberate on the topic of "trust" (including ' +
          'trusted information) and "trustworthiness", and report to TSAG.',
        'The Joint-CG-Trust will deliberate on the topic of \u201ctrust\u201d (including trusted information) and ' +
          '\u201ctrustworthiness\u201d, to implement the action requested by WTSA-24. In particular, this deliberation ' +
          'would include:',
        'The objectives are to assist the associated Study Groups\u2019 chairs in preparing a report to TSAG on the ' +
          'topic of trust.',
      ].join('\n\n'),
      objectives: [
        'Explore the concept of trust in the context of telecom and ICTs.',
        'Review existing standards and frameworks related to trust and trustworthiness.',
        'Identify key components of a comprehensive trust framework.',
        'Develop a basis for a unified definition of trust suitable for standard development organizations (SDOs).',
        'Discuss the implementation and challenges of adopting trust standards in telecom and ICT sectors.',
        'Provide insights into future directions and research opportunities in trust standardization.',
      ],
      workMethods: TRUST_WORK_METHODS,
      // The two work methods that state when and to whom the group reports (the third and the eighth), as printed.
      reporting:
        'The results of the Joint-CG-Trust activities will be reported two weeks prior to each Study Group meeting. ' +
        'The Joint-CG-Trust will report to the respective Study Groups and TSAG until the task is concluded.',
      associated: ['ITU-T SG13', 'ITU-T SG17', 'ITU-T SG20'],
    },
  },
];

export interface SeedContact {
  name: string;
  honorific?: string;
  email: string;
  /**
   * Organization, only where the document names it for the person. E-mail domains are not affiliations (a delegate
   * may write from any address), so a person the document names no organization for has none.
   */
  affiliation?: string;
  memberships: { body: string; role: RosterRole }[];
}

/** The contact roster of document 003: 9 people, 10 memberships (the ISO TPM sits in two rosters). */
export const SEED_CONTACTS: readonly SeedContact[] = [
  {
    name: 'Philip Makedonski',
    email: 'makedonski@informatik.uni-goettingen.de',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.Chair }],
  },
  {
    name: 'Xavier Piednoir',
    email: 'xavier.piednoir@etsi.org',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.TechnicalOfficer }],
  },
  {
    name: 'Jürgen Grossmann',
    email: 'juergen.grossmann@fokus.fraunhofer.de',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.Delegate }],
  },
  {
    name: 'Taras Holoyad',
    email: 'taras.holoyad@bnetza.de',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.Delegate }],
  },
  {
    name: 'Sebastian Müller',
    email: 'sebastian.mueller@etsi.org',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.ProjectOfficer }],
  },
  {
    name: 'Reena Garg',
    honorific: 'Ms.',
    email: 'hlitd@bis.gov.in',
    memberships: [{ body: 'ISO/IEC JTC 1/SC 7/WG 26', role: RosterRole.CommitteeManager }],
  },
  {
    name: 'Andrew Dryden',
    honorific: 'Mr.',
    email: 'dryden@iso.org',
    // The document prints his role as "ISO Technical Programme Manager".
    affiliation: 'ISO',
    memberships: [
      { body: 'ISO/IEC JTC 1/SC 7/WG 26', role: RosterRole.TechnicalProgrammeManager },
      { body: 'ISO/IEC JTC 1/SC 42', role: RosterRole.TechnicalProgrammeManager },
    ],
  },
  {
    name: 'Stuart Reid',
    honorific: 'Dr.',
    email: 'stureid.test@gmail.com',
    memberships: [{ body: 'ISO/IEC JTC 1/SC 7/WG 26', role: RosterRole.Convenor }],
  },
  {
    name: 'Heather Benko',
    honorific: 'Ms.',
    email: 'hbenko@ansi.org',
    memberships: [{ body: 'ISO/IEC JTC 1/SC 42', role: RosterRole.CommitteeManager }],
  },
];

export interface SeedWorkItem {
  body: string;
  reference: string;
  title: string;
  deliverableType: DeliverableType;
  stage: WorkItemStage;
  statusText: string;
  startedOn?: string;
}

/** ETSI TC MTS work items of document 003, with their status as ETSI words it. */
export const SEED_WORK_ITEMS: readonly SeedWorkItem[] = [
  {
    body: 'ETSI TC MTS',
    reference: 'DTR/MTS 103910',
    title: 'AI Testing Test Methodology and Test Specification for AI-enabled Systems',
    deliverableType: DeliverableType.EtsiTr,
    stage: WorkItemStage.EarlyDraft,
    statusText: 'Early Draft',
  },
  {
    body: 'ETSI TC MTS',
    reference: 'DTS/MTS 104008',
    title: 'Continuous Auditing Based Conformity Assessment for AI-enabled systems',
    deliverableType: DeliverableType.EtsiTs,
    stage: WorkItemStage.EarlyDraft,
    statusText: 'Early Draft',
  },
  {
    body: 'ETSI TC MTS',
    reference: 'DTR/MTS-20187318',
    title: 'Towards a Harmonised Documentation Scheme for Trustworthy AI',
    deliverableType: DeliverableType.EtsiTr,
    stage: WorkItemStage.Preliminary,
    statusText: 'Work started 03/2024',
    startedOn: '2024-03-01',
  },
];

export interface SeedLiaison {
  committee: string;
  partner: string;
  category: LiaisonCategory;
  status: LiaisonStatus;
  rationale: string;
  objectives: readonly string[];
  proposedBy: string;
  proposedOn?: string;
  /** References of work items (of the partner) of mutual interest. */
  workItems: readonly string[];
  /** The source document the record comes from, for the reason of its history entry. */
  source: string;
}

/** The source documents, as the history of seeded records cites them. */
export const SEED_SOURCES = {
  etsiProposal:
    'shared/seeds/003_f26d08a23b1e4d8c.txt, "Proposal for a Category A Liaison between ISO/IEC JTC1/ SC7 WG26, ' +
    'JTC1/SC42 and ETSI TC MTS"',
  sg17Statement:
    'shared/seeds/000_0128c57cc8ad214f.txt, ITU-T SG17 liaison statement to TSAG on the Joint Correspondence Group ' +
    'on Trust (Joint-CG-Trust)',
} as const;

/**
 * Document 003, word for word (typos and the document's mixed "SC 42"/"SC42" kept; only leading and trailing spaces
 * dropped): the prose of the Introduction, then that of the Objectives section, one paragraph each. Each lead-in
 * ("The corresponding work items are:", "They therefore wish to:") stays; what it introduces is in `workItems` and
 * `objectives`.
 */
const ETSI_RATIONALE = [
  'ETSI TC MTS develops standards related to testing and auditing ML-based systems. The corresponding work items are:',
  'In many instances there is a direct relation between ETSI TC MTS, ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 ' +
    'standards. ETSI will in many instances directly reference the output of ISO/IEC standards but does not ' +
    'collaborate in its inception phase. Simply referencing finalised and published output from ISO/IEC JTC 1/SC 7 ' +
    'and ISO/IEC JTC 1/SC 42 may in some cases lead to lack of convergence.',
  'By establishing a closer exchange on the relevant subjects, there is an opportunity to make the standards of ' +
    'ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC42 applicable to a wider range of domains and technical standards, and ' +
    'to close potential gaps.',
  'As an example, ETSI TC MTS will develop the Documentation Scheme for Trustworthy AI, and an exchange with ISO/IEC ' +
    'JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 on this and related topics would be beneficial to both parties.',
  'ETSI TC MTS and ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 have a reciprocal interest in avoiding duplication ' +
    'of technical work and have noted the benefits of structuring and strengthening their relationship in a number ' +
    'of standardisation related areas. They therefore wish to:',
].join('\n\n');

/** The five bullets of "They therefore wish to:", as printed ("co\u2010operation" with its Unicode hyphen). */
const ETSI_OBJECTIVES: readonly string[] = [
  'adopt a complementary approach to the standardization process in the domains of mutual interest',
  'use complementary expertise to accelerate the establishment of standardisation deliverables',
  'foster closer co\u2010operation',
  'share mutual development',
  'prevent duplication of work',
];

const ETSI_WORK_ITEMS: readonly string[] = ['DTR/MTS 103910', 'DTS/MTS 104008', 'DTR/MTS-20187318'];

/**
 * Document 000 states why SG13, SG17 and SG20 coordinate in the second and third paragraphs of the statement, quoted
 * word for word ("in as follows" and "under its auspicious" are the document's own).
 */
const TRUST_RATIONALE = [
  'It is noted that WTSA-24 in October 2024 approved WTSA-24 Action 8 ("trust" (including trusted information) and ' +
    '"trustworthiness") in as follows: WTSA-24 instructs ITU-T study groups, inter alia Study Groups 13, 17 and 20, ' +
    'to establish a coordination mechanism amongst the study groups in order to deliberate on the topic of "trust" ' +
    '(including trusted information) and "trustworthiness", and report to TSAG.',
  'ITU-T Study Group 17 is pleased to suggest that ITU-T TSAG establish a Joint Correspondence Group on Trust under ' +
    'its auspicious. In addition we inform ITU-T TSAG about the draft ToR of joint CG on Trust as described in ' +
    'Annex A, which is revised from the liaison statement in SG17 TD28-GEN.',
].join('\n\n');

/** What the coordination is for, in the two sentences of Annex A section 1 that say it, as printed. */
const TRUST_OBJECTIVES: readonly string[] = [
  'The Joint-CG-Trust will deliberate on the topic of \u201ctrust\u201d (including trusted information) and ' +
    '\u201ctrustworthiness\u201d, to implement the action requested by WTSA-24.',
  'The objectives are to assist the associated Study Groups\u2019 chairs in preparing a report to TSAG on the topic ' +
    'of trust.',
];

/**
 * Document 003 proposes Category A liaisons of ETSI TC MTS with SC 7/WG 26 and with SC 42; the ISO/IEC side is
 * the committee that would grant them. The WG 26 one is irregular (A is granted by a TC/SC): the registry records it
 * as proposed and warns. Document 000 sets up coordination between SG13, SG17 and SG20 for Joint-CG-Trust.
 * The documents carry no dates for the ETSI proposal.
 */
export const SEED_LIAISONS: readonly SeedLiaison[] = [
  {
    committee: 'ISO/IEC JTC 1/SC 7/WG 26',
    partner: 'ETSI TC MTS',
    category: LiaisonCategory.CategoryA,
    status: LiaisonStatus.Proposed,
    rationale: ETSI_RATIONALE,
    objectives: ETSI_OBJECTIVES,
    proposedBy: 'ETSI TC MTS',
    workItems: ETSI_WORK_ITEMS,
    source: SEED_SOURCES.etsiProposal,
  },
  {
    committee: 'ISO/IEC JTC 1/SC 42',
    partner: 'ETSI TC MTS',
    category: LiaisonCategory.CategoryA,
    status: LiaisonStatus.Proposed,
    rationale: ETSI_RATIONALE,
    objectives: ETSI_OBJECTIVES,
    proposedBy: 'ETSI TC MTS',
    workItems: ETSI_WORK_ITEMS,
    source: SEED_SOURCES.etsiProposal,
  },
  ...(
    [
      ['ITU-T SG13', 'ITU-T SG17'],
      ['ITU-T SG13', 'ITU-T SG20'],
      ['ITU-T SG17', 'ITU-T SG20'],
    ] as const
  ).map(([committee, partner]) => ({
    committee,
    partner,
    category: LiaisonCategory.Internal,
    status: LiaisonStatus.Proposed,
    rationale: TRUST_RATIONALE,
    objectives: TRUST_OBJECTIVES,
    proposedBy: 'ITU-T SG17',
    proposedOn: '2025-04-17',
    workItems: [],
    source: SEED_SOURCES.sg17Statement,
  })),
];

export interface SeedStatement {
  reference: string;
  /** References earlier versions of the seed gave the statement, so that a database they seeded is not seeded twice. */
  formerReferences?: string[];
  title: string;
  from: string;
  to: string[];
  cc: string[];
  purpose: StatementPurpose;
  deadline: string | null;
  approvalLevel: string;
  approvedOn: string;
  summary: string;
  text: string;
  documentReferences: string[];
  /** Liaisons the statement is about, by their seed key: committee and partner designations, category. */
  liaisons: [committee: string, partner: string, category: LiaisonCategory][];
}

/**
 * Document 000: ITU-T SG17 asks TSAG to establish the Joint-CG-Trust. The extract starts at its Abstract: the header
 * of the statement (LS number, title, "for action" line, deadline, contact) is not in it.
 */
export const SEED_STATEMENTS: readonly SeedStatement[] = [
  {
    // No LS or TD number of this statement is printed (SG17 TD28-GEN is the SG20 statement it answers, so it
    // cannot be this one's). The reference is the closest identifier the document prints for it: the subject's
    // abbreviation, as the Abstract writes it. Secretariats replace it with the LS number by PATCH.
    reference: 'Joint-CG-Trust',
    formerReferences: ['SG17-LS-2025-04 Joint-CG-Trust'],
    // No title line is printed either: the title is the subject as the Abstract and Annex A name it.
    title: 'Joint Correspondence Group on Trust (Joint-CG-Trust)',
    from: 'ITU-T SG17',
    to: ['ITU-T TSAG'],
    cc: [],
    // "requests ITU-T TSAG to establish" (Abstract): TSAG is asked to act.
    purpose: StatementPurpose.Action,
    // The document prints no deadline and no "for action by" date or meeting, so the seed records none: inventing
    // one would make the statement overdue on a date nobody set. The API's rule (a statement for action or comment
    // must have a deadline) applies to statements recorded through it, and to edits that change the purpose or the
    // deadline; this historical record may lack it (see migration 1763801300000), and it is never overdue.
    deadline: null,
    approvalLevel: 'ITU-T SG17 meeting, 8-17 April 2025',
    // The document names the meeting ("at its 8-17 April 2025 SG17 meeting"), not the day: its last day stands.
    approvedOn: '2025-04-17',
    // The Abstract, as printed.
    summary:
      'This liaison statement requests ITU-T TSAG to establish Joint Correspondence Group on Trust (Joint-CG-Trust) ' +
      'under the auspices of TSAG.',
    // The four paragraphs of the statement, word for word ("in as follows", "under its auspicious" are the
    // document's own); only trailing spaces dropped.
    text: [
      'ITU-T Study Group 17 reviewed the SG20 liaison statement about Joint Correspondence group on Trust (CG-Trust) ' +
        'in SG17 TD28-GEN and two Contributions regarding Trust in SG17-C44 and SG17-C109 at its 8-17 April 2025 SG17 ' +
        'meeting.',
      TRUST_RATIONALE,
      'ITU-T SG17 looks forward to keeping continued collaboration with you on this topic.',
    ].join('\n\n'),
    documentReferences: ['SG17 TD28-GEN', 'SG17-C44', 'SG17-C109', 'WTSA-24 Action 8'],
    liaisons: [
      ['ITU-T SG13', 'ITU-T SG17', LiaisonCategory.Internal],
      ['ITU-T SG13', 'ITU-T SG20', LiaisonCategory.Internal],
      ['ITU-T SG17', 'ITU-T SG20', LiaisonCategory.Internal],
    ],
  },
];
