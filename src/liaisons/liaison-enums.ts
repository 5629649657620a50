/** Liaison categories and lifecycle states (plain values shared by entity, DTOs, rules and seed). */

/**
 * ISO/IEC Directives Part 1 categories A, B, C (and the historic D), internal liaisons between
 * committees, ITU-T cooperation under Recommendations A.4, A.5 and A.6, and cooperation agreements / MoUs.
 */
export enum LiaisonCategory {
  CategoryA = 'category_a',
  CategoryB = 'category_b',
  CategoryC = 'category_c',
  CategoryD = 'category_d',
  Internal = 'internal',
  ItuTA4 = 'itu_t_a4',
  ItuTA5 = 'itu_t_a5',
  ItuTA6 = 'itu_t_a6',
  CooperationAgreement = 'cooperation_agreement',
}

export enum LiaisonStatus {
  Proposed = 'proposed',
  EligibilityReview = 'eligibility_review',
  Balloting = 'balloting',
  Approved = 'approved',
  Active = 'active',
  UnderReview = 'under_review',
  Suspended = 'suspended',
  Withdrawn = 'withdrawn',
  Rejected = 'rejected',
}

/** Final states: a liaison in one of them no longer blocks a new one between the same pair. */
export const TERMINAL_LIAISON_STATUSES: readonly LiaisonStatus[] = [LiaisonStatus.Withdrawn, LiaisonStatus.Rejected];
