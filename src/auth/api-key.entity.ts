import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An API key. Only the SHA-256 of the key is stored; the key itself is shown once, at creation. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: string;

  /** The first characters of the key, for display. */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ name: 'key_hash', type: 'text' })
  keyHash: string;

  /** Where the key was made (api, cli, env); the column defaults to 'api' (migration 1763800300000). */
  @Column({ type: 'text', default: 'api' })
  origin: string;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}

/** A body a secretariat key may write in (with its descendants). */
@Entity({ name: 'api_key_scopes' })
export class ApiKeyScopeEntity {
  @Column({ name: 'api_key_id', type: 'uuid', primary: true })
  apiKeyId: string;

  @Column({ name: 'body_id', type: 'uuid', primary: true })
  bodyId: string;
}
