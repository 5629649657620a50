/**
 * The named enums are part of the contract: SDKs generate a type from each, and clients switch on their members.
 * The lists are written out here on purpose: removing or reordering a member in both the code and the committed
 * document (which regenerating it would do) still fails this test, so such a change is always a deliberate edit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BodyKind } from '../../src/bodies/body-kind.js';
import { RosterRole } from '../../src/contacts/roster-role.js';
import { LiaisonCategory, LiaisonStatus } from '../../src/liaisons/liaison-enums.js';
import { LiaisonRecordAction } from '../../src/liaisons/liaison-history.js';
import { LiaisonAction } from '../../src/liaisons/lifecycle.js';
import { StatementPurpose } from '../../src/statements/statement-purpose.js';
import { DeliverableType, WorkItemStage } from '../../src/work-items/work-item-enums.js';

const PROCEDURE_ACTIONS = [
  'submitForEligibility',
  'recordEligibility',
  'openBallot',
  'recordBallot',
  'approve',
  'activate',
  'startReview',
  'completeReview',
  'suspend',
  'reinstate',
  'withdraw',
  'reject',
];

const EXPECTED: Record<string, { members: Record<string, string>; values: string[] }> = {
  LiaisonAction: { members: LiaisonAction, values: PROCEDURE_ACTIONS },
  LiaisonHistoryAction: {
    members: { ...LiaisonRecordAction, ...LiaisonAction },
    values: ['create', 'update', 'addExpert', 'removeExpert', 'delete', ...PROCEDURE_ACTIONS],
  },
  LiaisonCategory: {
    members: LiaisonCategory,
    values: [
      'category_a',
      'category_b',
      'category_c',
      'category_d',
      'internal',
      'itu_t_a4',
      'itu_t_a5',
      'itu_t_a6',
      'cooperation_agreement',
    ],
  },
  LiaisonStatus: {
    members: LiaisonStatus,
    values: [
      'proposed',
      'eligibility_review',
      'balloting',
      'approved',
      'active',
      'under_review',
      'suspended',
      'withdrawn',
      'rejected',
    ],
  },
  DeliverableType: {
    members: DeliverableType,
    values: [
      'etsi_tr',
      'etsi_ts',
      'etsi_en',
      'etsi_es',
      'etsi_eg',
      'etsi_sr',
      'iso_iec_is',
      'iso_iec_ts',
      'iso_iec_tr',
      'iso_iec_pas',
      'itu_t_recommendation',
      'itu_t_supplement',
      'itu_t_technical_paper',
      'itu_t_technical_report',
      'other',
    ],
  },
  WorkItemStage: {
    members: WorkItemStage,
    values: ['proposed', 'preliminary', 'early_draft', 'stable_draft', 'approval', 'published', 'withdrawn', 'stopped'],
  },
  RosterRole: {
    members: RosterRole,
    values: [
      'chair',
      'vice_chair',
      'convenor',
      'co_convenor',
      'secretary',
      'committee_manager',
      'technical_officer',
      'project_officer',
      'technical_programme_manager',
      'delegate',
      'liaison_representative',
      'rapporteur',
      'editor',
    ],
  },
  StatementPurpose: {
    members: StatementPurpose,
    values: ['action', 'comment', 'information', 'response'],
  },
  BodyKind: {
    members: BodyKind,
    values: [
      'organization',
      'joint_technical_committee',
      'technical_committee',
      'subcommittee',
      'working_group',
      'study_group',
      'advisory_group',
      'correspondence_group',
      'focus_group',
      'other',
    ],
  },
};

interface EnumSchema {
  type?: string;
  enum?: unknown[];
}

const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../openapi/openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, EnumSchema | undefined> };
};

describe.each(Object.entries(EXPECTED))('named enum %s', (name, { members, values }) => {
  it('has exactly the expected members in the code, in order', () => {
    expect(Object.values(members)).toEqual(values);
  });

  it('is a named string enum of the committed OpenAPI document with exactly those members, in order', () => {
    const schema = committed.components.schemas[name] as { type?: unknown; enum?: unknown } | undefined;
    // (A description may go with it.)
    expect({ type: schema?.type, enum: schema?.enum }).toEqual({ type: 'string', enum: values });
  });
});
