/** Kinds and statuses of bodies: plain values shared by entity, DTOs, rules and seed. */

export enum BodyKind {
  Organization = 'organization',
  JointTechnicalCommittee = 'joint_technical_committee',
  TechnicalCommittee = 'technical_committee',
  Subcommittee = 'subcommittee',
  WorkingGroup = 'working_group',
  StudyGroup = 'study_group',
  AdvisoryGroup = 'advisory_group',
  CorrespondenceGroup = 'correspondence_group',
  FocusGroup = 'focus_group',
  Other = 'other',
}

export enum BodyStatus {
  Proposed = 'proposed',
  Active = 'active',
  Inactive = 'inactive',
  Disbanded = 'disbanded',
}

export const BODY_KINDS = Object.values(BodyKind);
export const BODY_STATUSES = Object.values(BodyStatus);
