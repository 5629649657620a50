/**
 * The seed registry, taken from the source documents in shared/seeds:
 * - 003: ETSI TC MTS proposes a Category A liaison with ISO/IEC JTC 1/SC 7/WG 26 and SC 42;
 * - 000: ITU-T SG17 asks TSAG to establish the Joint Correspondence Group on Trust.
 * Bodies are listed parents first; `parent` names the parent's designation.
 */
import { BodyKind, BodyStatus } from '../bodies/body-kind.js';

export interface SeedBody {
  designation: string;
  name: string;
  kind: BodyKind;
  parent?: string;
  status: BodyStatus;
  website?: string;
  mailingList?: string;
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
  },
];
