import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { BodyKind, BodyStatus } from './body-kind.js';

@Entity({ name: 'bodies' })
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

  @Column({ type: 'text' })
  status: BodyStatus;

  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Column({ name: 'mailing_list', type: 'text', nullable: true })
  mailingList: string | null;

  @VersionColumn({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
