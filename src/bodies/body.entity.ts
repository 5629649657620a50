import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { BodyKind, BodyStatus } from './body-kind.js';

// Indexes and checks mirror migrations/ so that `npm run migration:generate` only reports real changes.
@Entity({ name: 'bodies' })
@Index('bodies_designation_sort_idx', ['designation', 'id'])
@Index('bodies_name_sort_idx', ['name', 'id'])
@Index('bodies_created_sort_idx', ['createdAt', 'id'])
@Index('bodies_updated_sort_idx', ['updatedAt', 'id'])
@Index('bodies_parent_idx', ['parentId', 'designation', 'id'])
@Check('bodies_check', '((parent_id IS NULL) OR (parent_id <> id))')
@Check('bodies_designation_check', '((length(designation) >= 1) AND (length(designation) <= 200))')
@Check('bodies_name_check', '((length(name) >= 1) AND (length(name) <= 500))')
@Check(
  'bodies_kind_check',
  "(kind = ANY (ARRAY['organization'::text, 'joint_technical_committee'::text, 'technical_committee'::text, 'subcommittee'::text, 'working_group'::text, 'study_group'::text, 'advisory_group'::text, 'correspondence_group'::text, 'focus_group'::text, 'other'::text]))",
)
@Check(
  'bodies_status_check',
  "(status = ANY (ARRAY['proposed'::text, 'active'::text, 'inactive'::text, 'disbanded'::text]))",
)
export class BodyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  designation: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: BodyKind;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  /** Declared for the foreign key only; services work with `parentId`. */
  @ManyToOne(() => BodyEntity, { onDelete: 'RESTRICT', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'bodies_parent_id_fkey' })
  parent?: BodyEntity | null;

  @Column({ type: 'text' })
  status: BodyStatus;

  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Column({ name: 'mailing_list', type: 'text', nullable: true })
  mailingList: string | null;

  /** Terms of reference (correspondence and focus groups): scope. */
  @Column({ name: 'tor_scope', type: 'text', nullable: true })
  torScope: string | null;

  @Column({ name: 'tor_objectives', type: 'jsonb', nullable: true })
  torObjectives: string[] | null;

  @Column({ name: 'tor_work_methods', type: 'jsonb', nullable: true })
  torWorkMethods: string[] | null;

  /** When and to whom the group reports. */
  @Column({ name: 'tor_reporting', type: 'text', nullable: true })
  torReporting: string | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
