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
    objectives: string[];
    workMethods: string[];
    reporting: string;
    /** Designations of the associated bodies. */
    associated: string[];
  };
}

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
    // Annex A of the SG17 liaison statement (draft terms of reference). Tracked changes are resolved to their
    // later wording: "one monthtwo weeks" -> "two weeks", "two weeksone week" -> "one week".
    termsOfReference: {
      // Section 1 "Scope and objectives" as printed: its prose is the scope, its six bullets the objectives.
      scope:
        'WTSA-24 in October 2024 approved WTSA-24 Action on COM4/2 (Trust) in draft proceedings of WTSA-24 as follows: ' +
        'WTSA-24 instructs ITU-T study groups, inter alia Study Groups 13, 17 and 20, to establish a coordination ' +
        'mechanism amongst the study groups in order to deliberate on the topic of "trust" (including trusted ' +
        'information) and "trustworthiness", and report to TSAG. The Joint-CG-Trust will deliberate on the topic of ' +
        '"trust" (including trusted information) and "trustworthiness", to implement the action requested by WTSA-24. ' +
        "The objectives are to assist the associated Study Groups' chairs in preparing a report to TSAG on the topic of " +
        'trust.',
      objectives: [
        'Explore the concept of trust in the context of telecom and ICTs.',
        'Review existing standards and frameworks related to trust and trustworthiness.',
        'Identify key components of a comprehensive trust framework.',
        'Develop a basis for a unified definition of trust suitable for standard development organizations (SDOs).',
        'Discuss the implementation and challenges of adopting trust standards in telecom and ICT sectors.',
        'Provide insights into future directions and research opportunities in trust standardization.',
      ],
      workMethods: [
        'The parent entity of Joint-CG-Trust is TSAG.',
        'Open to all ITU-T SG13, SG17 and SG20 members.',
        'The results of the Joint-CG-Trust activities will be reported two weeks prior to each Study Group meeting.',
        'The Joint-CG-Trust activities will primarily be conducted through the dedicated mailing list ' +
          't25jcg trust@lists.itu.int but may also include virtual meetings as agreed upon. These virtual meetings will ' +
          'be organized using meeting tools supported by TSB.',
        'Meeting announcements, including the draft agenda, will be distributed via e-mail at least one week in advance.',
        'The Joint-CG-Trust Co-convenors will be appointed by the associated Study Groups, respectively.',
        'The Joint-CG-Trust will remain active until an agreement is reached by TSAG on the WTSA Action [50/2] among ' +
          'the associated Study Groups.',
        'The Joint-CG-Trust will report to the respective Study Groups and TSAG until the task is concluded.',
        'The potential extension of the Joint-CG-Trust will be decided by TSAG upon input from the associated Study Groups.',
      ],
      reporting:
        'Results are reported two weeks prior to each Study Group meeting; the group reports to the respective Study ' +
        'Groups and TSAG until the task is concluded.',
      associated: ['ITU-T SG13', 'ITU-T SG17', 'ITU-T SG20'],
    },
  },
];

export interface SeedContact {
  name: string;
  honorific?: string;
  email: string;
  /** Organization, where the document says it or the e-mail domain names it. */
  affiliation?: string;
  memberships: { body: string; role: RosterRole }[];
}

/** The contact roster of document 003: 9 people, 10 memberships (the ISO TPM sits in two rosters). */
export const SEED_CONTACTS: readonly SeedContact[] = [
  {
    name: 'Philip Makedonski',
    email: 'makedonski@informatik.uni-goettingen.de',
    affiliation: 'University of Göttingen',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.Chair }],
  },
  {
    name: 'Xavier Piednoir',
    email: 'xavier.piednoir@etsi.org',
    affiliation: 'ETSI',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.TechnicalOfficer }],
  },
  {
    name: 'Jürgen Grossmann',
    email: 'juergen.grossmann@fokus.fraunhofer.de',
    affiliation: 'Fraunhofer FOKUS',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.Delegate }],
  },
  {
    name: 'Taras Holoyad',
    email: 'taras.holoyad@bnetza.de',
    affiliation: 'Bundesnetzagentur',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.Delegate }],
  },
  {
    name: 'Sebastian Müller',
    email: 'sebastian.mueller@etsi.org',
    affiliation: 'ETSI',
    memberships: [{ body: 'ETSI TC MTS', role: RosterRole.ProjectOfficer }],
  },
  {
    name: 'Reena Garg',
    honorific: 'Ms.',
    email: 'hlitd@bis.gov.in',
    affiliation: 'Bureau of Indian Standards (BIS)',
    memberships: [{ body: 'ISO/IEC JTC 1/SC 7/WG 26', role: RosterRole.CommitteeManager }],
  },
  {
    name: 'Andrew Dryden',
    honorific: 'Mr.',
    email: 'dryden@iso.org',
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
    affiliation: 'ANSI',
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
  objectives: string[];
  proposedBy: string;
  proposedOn?: string;
  /** References of work items (of the partner) of mutual interest. */
  workItems: string[];
}

const ETSI_RATIONALE =
  'ETSI TC MTS develops standards related to testing and auditing ML-based systems. In many instances there is a ' +
  'direct relation between ETSI TC MTS, ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 standards. ETSI will in many ' +
  'instances directly reference the output of ISO/IEC standards but does not collaborate in its inception phase. ' +
  'Simply referencing finalised and published output from ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 may in some ' +
  'cases lead to lack of convergence. By establishing a closer exchange on the relevant subjects, there is an ' +
  'opportunity to make the standards of ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 applicable to a wider range of ' +
  'domains and technical standards, and to close potential gaps. As an example, ETSI TC MTS will develop the ' +
  'Documentation Scheme for Trustworthy AI, and an exchange with ISO/IEC JTC 1/SC 7 and ISO/IEC JTC 1/SC 42 on this ' +
  'and related topics would be beneficial to both parties.';

const ETSI_OBJECTIVES = [
  'adopt a complementary approach to the standardization process in the domains of mutual interest',
  'use complementary expertise to accelerate the establishment of standardisation deliverables',
  'foster closer co-operation',
  'share mutual development',
  'prevent duplication of work',
];

const ETSI_WORK_ITEMS = ['DTR/MTS 103910', 'DTS/MTS 104008', 'DTR/MTS-20187318'];

const TRUST_RATIONALE =
  'WTSA-24 Action 8 ("trust" (including trusted information) and "trustworthiness") instructs ITU-T study groups, ' +
  'inter alia Study Groups 13, 17 and 20, to establish a coordination mechanism amongst the study groups in order to ' +
  'deliberate on the topic of "trust" and "trustworthiness", and report to TSAG. SG17 suggests the Joint ' +
  'Correspondence Group on Trust (Joint-CG-Trust) under TSAG as that mechanism.';

const TRUST_OBJECTIVES = [
  'Coordinate the deliberation on "trust" (including trusted information) and "trustworthiness" through the Joint-CG-Trust',
  'Prepare a report to TSAG on the topic of trust',
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
  })),
];

export interface SeedStatement {
  reference: string;
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
  /** Liaisons the statement is about, as [committee, partner] designations. */
  liaisons: [string, string][];
}

/** Document 000: ITU-T SG17 asks TSAG to establish the Joint-CG-Trust. */
export const SEED_STATEMENTS: readonly SeedStatement[] = [
  {
    // The extract carries no LS number; this reference names it by sender, meeting and subject.
    reference: 'SG17-LS-2025-04 Joint-CG-Trust',
    title: 'Establishment of a Joint Correspondence Group on Trust (Joint-CG-Trust) under the auspices of TSAG',
    from: 'ITU-T SG17',
    to: ['ITU-T TSAG'],
    cc: [],
    purpose: StatementPurpose.Action,
    // An action statement needs a deadline but the extract prints none: the next TSAG meeting is meant; until its
    // date is recorded, the end of 2025 stands in (secretariats correct it with PATCH).
    deadline: '2025-12-31',
    approvalLevel: 'ITU-T SG17 meeting, 8-17 April 2025',
    approvedOn: '2025-04-17',
    summary:
      'This liaison statement requests ITU-T TSAG to establish Joint Correspondence Group on Trust (Joint-CG-Trust) ' +
      'under the auspices of TSAG.',
    text:
      'ITU-T Study Group 17 reviewed the SG20 liaison statement about Joint Correspondence group on Trust (CG-Trust) ' +
      'in SG17 TD28-GEN and two Contributions regarding Trust in SG17-C44 and SG17-C109 at its 8-17 April 2025 SG17 ' +
      'meeting.\n\nIt is noted that WTSA-24 in October 2024 approved WTSA-24 Action 8 ("trust" (including trusted ' +
      'information) and "trustworthiness") as follows: WTSA-24 instructs ITU-T study groups, inter alia Study Groups ' +
      '13, 17 and 20, to establish a coordination mechanism amongst the study groups in order to deliberate on the ' +
      'topic of "trust" (including trusted information) and "trustworthiness", and report to TSAG.\n\nITU-T Study ' +
      'Group 17 is pleased to suggest that ITU-T TSAG establish a Joint Correspondence Group on Trust under its ' +
      'auspices. In addition we inform ITU-T TSAG about the draft ToR of joint CG on Trust as described in Annex A, ' +
      'which is revised from the liaison statement in SG17 TD28-GEN.\n\nITU-T SG17 looks forward to keeping ' +
      'continued collaboration with you on this topic.',
    documentReferences: ['SG17 TD28-GEN', 'SG17-C44', 'SG17-C109', 'WTSA-24 Action 8'],
    liaisons: [
      ['ITU-T SG13', 'ITU-T SG17'],
      ['ITU-T SG13', 'ITU-T SG20'],
      ['ITU-T SG17', 'ITU-T SG20'],
    ],
  },
];
