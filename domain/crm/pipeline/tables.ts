/** Kysely row types of this area's tables, keyed `schema.table`; merged into DB in domain/db/tables.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CrmPipelineTables {}
