/** Deliverable types and stages of work items. */

export enum DeliverableType {
  EtsiTr = 'etsi_tr',
  EtsiTs = 'etsi_ts',
  EtsiEn = 'etsi_en',
  EtsiEs = 'etsi_es',
  EtsiEg = 'etsi_eg',
  EtsiSr = 'etsi_sr',
  IsoIecIs = 'iso_iec_is',
  IsoIecTs = 'iso_iec_ts',
  IsoIecTr = 'iso_iec_tr',
  IsoIecPas = 'iso_iec_pas',
  ItuTRecommendation = 'itu_t_recommendation',
  ItuTSupplement = 'itu_t_supplement',
  ItuTTechnicalPaper = 'itu_t_technical_paper',
  ItuTTechnicalReport = 'itu_t_technical_report',
  Other = 'other',
}

export enum WorkItemStage {
  Proposed = 'proposed',
  Preliminary = 'preliminary',
  EarlyDraft = 'early_draft',
  StableDraft = 'stable_draft',
  Approval = 'approval',
  Published = 'published',
  Withdrawn = 'withdrawn',
  Stopped = 'stopped',
}
