/**
 * Ledgerloop's domain library: the public commands and queries of every business area.
 * Other areas, the CLI, the simulator and the pages call these, never the tables.
 *
 * Every command has the shape `command(ctx, input, { idempotencyKey? })`, validates its input,
 * runs in one transaction with its journal entries and events, and throws `DomainError`.
 */
export { DomainError, isDomainError, type ErrorCode } from './kernel/errors.js';
export { defineCommand, type Command, type CommandOptions, type Context, type DomainEvent } from './kernel/command.js';
export { openDatabase, openFromEnv, type Database, type DatabaseKind } from './db/connect.js';
export { migrate, migrationFiles, type MigrationResult } from './db/migrate.js';
export { dataDirectory } from './db/project-root.js';
export type { DB } from './db/tables.js';
export { READABLE_DOCUMENTS, isDocumentKind, type DocumentKind, type LinkedKind, type OtherDocumentKind, type RelatedDocument, type Counterparty, type ItemRef, type DocumentBase } from './kernel/documents.js';

export * as core from './core/index.js';
export * as finance from './finance/index.js';
export * as people from './people/index.js';
export * as crm from './crm/index.js';
export * as erp from './erp/index.js';
export * as scm from './scm/index.js';
export * as approvals from './approvals/index.js';
export * as planning from './planning/index.js';

export { verify, type VerifyReport, type Breach } from './verify.js';
export { readDocument, DOCUMENT_READERS, type AnyDocument, type DocumentsByKind, type ReadOptions } from './documents.js';
export { documentCounts, companySummary, DOCUMENT_KINDS, type CompanySummary } from './status.js';
