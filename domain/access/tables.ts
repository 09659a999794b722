import type { ColumnType, Generated } from 'kysely';
import type { Role } from './roles.js';

/**
 * Kysely row types of access's tables (sql/postgres/0020_access.sql), keyed `schema.table`;
 * merged into DB in domain/db/tables.ts.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface AccessUsers {
  id: Generated<number>; username: string; display_name: string; role: Role; region: string | null; disabled: Defaulted<boolean>;
  password_hash: string; must_change_password: Defaulted<boolean>; password_set_at: Defaulted<Date>; created_at: Timestamp; created_by: string;
  updated_at: Defaulted<Date>;
}
export interface AccessSessions {
  token_hash: string; user_id: number; created_at: Timestamp; expires_at: ColumnType<Date, Date | string, Date | string>; last_seen_at: Defaulted<Date>;
  revoked_at: Date | null; revoked_reason: string | null; ip: string | null; user_agent: string | null;
}
export interface AccessLoginFailures { id: Generated<number>; username: string; ip: string; failed_at: Timestamp }
export interface AccessAuditLog {
  id: Generated<number>; at: Timestamp; actor: string; action: string; subject: string | null; ip: string | null; detail: Defaulted<unknown>;
}

export interface AccessTables {
  'access.users': AccessUsers;
  'access.sessions': AccessSessions;
  'access.login_failures': AccessLoginFailures;
  'access.audit_log': AccessAuditLog;
}
