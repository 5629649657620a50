import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LiaisonCategory, LiaisonStatus } from './liaison-enums.js';

/** A directed liaison: `committeeId` holds/grants it, `partnerId` is the other body. Dates are `YYYY-MM-DD`. */
@Entity({ name: 'liaisons' })
export class LiaisonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'committee_id', type: 'uuid' })
  committeeId: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ type: 'text' })
  category: LiaisonCategory;

  @Column({ type: 'text' })
  status: LiaisonStatus;

  @Column({ type: 'text', nullable: true })
  rationale: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  objectives: string[];

  @Column({ name: 'proposed_by_body_id', type: 'uuid', nullable: true })
  proposedByBodyId: string | null;

  @Column({ name: 'proposed_on', type: 'date', nullable: true })
  proposedOn: string | null;

  @Column({ name: 'approved_on', type: 'date', nullable: true })
  approvedOn: string | null;

  @Column({ name: 'established_on', type: 'date', nullable: true })
  establishedOn: string | null;

  @Column({ name: 'last_reviewed_on', type: 'date', nullable: true })
  lastReviewedOn: string | null;

  @Column({ name: 'next_review_due', type: 'date', nullable: true })
  nextReviewDue: string | null;

  /** Outcome of the latest eligibility checklist (Category A/B procedure); null before any. */
  @Column({ name: 'eligibility_passed', type: 'boolean', nullable: true })
  eligibilityPassed: boolean | null;

  /** Whether a ballot is open: set by openBallot, cleared by recordBallot (a re-run needs a new openBallot). */
  @Column({ name: 'ballot_open', type: 'boolean', default: false })
  ballotOpen: boolean;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
