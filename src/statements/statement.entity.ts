import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { StatementPurpose } from './statement-purpose.js';

/** A liaison statement. Recipients, contacts, attachments and related liaisons live in join tables. */
@Entity({ name: 'statements' })
export class StatementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  reference: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'from_body_id', type: 'uuid' })
  fromBodyId: string;

  @Column({ type: 'text' })
  purpose: StatementPurpose;

  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  @Column({ name: 'in_reply_to_id', type: 'uuid', nullable: true })
  inReplyToId: string | null;

  @Column({ name: 'approval_level', type: 'text', nullable: true })
  approvalLevel: string | null;

  @Column({ name: 'approved_on', type: 'date', nullable: true })
  approvedOn: string | null;

  @Column({ name: 'sent_on', type: 'date', nullable: true })
  sentOn: string | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ name: 'body_text', type: 'text', nullable: true })
  text: string | null;

  /** Documents the statement cites (e.g. "SG17 TD28-GEN"). */
  @Column({ name: 'document_references', type: 'jsonb', default: () => "'[]'::jsonb" })
  documentReferences: string[];

  @Column({ name: 'action_taken', type: 'boolean', default: false })
  actionTaken: boolean;

  @Column({ name: 'action_taken_on', type: 'date', nullable: true })
  actionTakenOn: string | null;

  @Column({ name: 'action_note', type: 'text', nullable: true })
  actionNote: string | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
