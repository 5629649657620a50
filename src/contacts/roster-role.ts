/** Roles a person holds in a body's roster. */
export enum RosterRole {
  Chair = 'chair',
  ViceChair = 'vice_chair',
  Convenor = 'convenor',
  CoConvenor = 'co_convenor',
  Secretary = 'secretary',
  CommitteeManager = 'committee_manager',
  TechnicalOfficer = 'technical_officer',
  ProjectOfficer = 'project_officer',
  TechnicalProgrammeManager = 'technical_programme_manager',
  Delegate = 'delegate',
  LiaisonRepresentative = 'liaison_representative',
  Rapporteur = 'rapporteur',
  Editor = 'editor',
}
