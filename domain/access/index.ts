/**
 * Access: users with a role (executive, analyst, planner, admin) and, for an executive or a
 * planner, optionally one region; passwords hashed with scrypt; sessions whose tokens are stored
 * only as hashes; rate-limited sign-in; and the audit log, which other areas write to through
 * `recordAudit` (planning decisions, saved queries) in their own transactions.
 */
export { ROLES, CAPABILITIES, REGION_SCOPED_ROLES, isRole, can, capabilitiesOf, userCan, mayBeRegionScoped, type Role, type Capability } from './roles.js';
export { addUser, disableUser, enableUser, resetPassword, changePassword, USER, type AddedUser, type DisabledUser, type PasswordReset } from './users.js';
export { login, logout, sessionUser, SESSION, type SessionUser, type LoginResult, type LoginInput } from './sessions.js';
export { recordAudit, listAudit, type AuditEntry, type AuditRecord } from './audit.js';
export { listUsers, findUser, hasUsers, type UserRecord } from './queries.js';
export { LOCKOUT, lockout, waitText, type LockoutPolicy, type Lockout } from './rate-limit.js';
export { generatePassword, passwordProblem, MIN_PASSWORD_LENGTH } from './passwords.js';
export { csrfTokenFor, isCsrfTokenOf, sameToken, newToken, tokenHash } from './tokens.js';
export type * from './tables.js';
