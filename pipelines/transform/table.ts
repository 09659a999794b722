import type { StageSpec } from '../extract/stage-spec.js';
import type { Type2Spec } from './type2.js';

/**
 * A warehouse table as the pipeline builds it. Adding a table is adding one file that exports
 * one of these (with its sql/warehouse/<table>.sql) and listing it in tables.ts.
 */
export interface TransformContext {
  readonly mode: 'full' | 'incremental';
  /** The company's functional currency ('' before the company is set up). */
  readonly functionalCurrency: string;
  /** The source snapshot's time, microseconds since the epoch. */
  readonly snapshotUs: bigint;
}

interface Built {
  /** The warehouse table. */
  readonly table: string;
  /** Staging tables it reads. */
  readonly stages: readonly StageSpec[];
  /** Postgres query counting the rows the table must hold (current versions for a type 2 dimension). */
  readonly sourceRows: string;
}

/** Surrogate key of a type 2 dimension looked up for a fact: the version in force at `at`. */
export interface DimensionKey {
  readonly column: string;
  readonly dimension: string;
  /** Durable member id, named alike in the fact and the dimension. */
  readonly member: string;
  /** The fact's recorded time. */
  readonly at: string;
}

/**
 * A fact: `transform` selects its rows from staging (everything but the dimension keys, which
 * the load adds), and a load replaces the rows of every `replaceKey` value it brings.
 */
export interface FactTable extends Built {
  readonly kind: 'fact';
  transform(ctx: TransformContext): string;
  readonly replaceKey: readonly string[];
  readonly dimensionKeys: readonly DimensionKey[];
  /** Date columns the calendar must cover. */
  readonly dateColumns: readonly string[];
  /** The date an export partitions the fact by (month). */
  readonly partitionDate: string;
}

/** A type 1 dimension: small, replaced whole from staging on every run. */
export interface Type1Dimension extends Built {
  readonly kind: 'dimension';
  transform(ctx: TransformContext): string;
}

/** A type 2 dimension: `incoming` selects the members as the source has them now. */
export interface Type2Dimension extends Built {
  readonly kind: 'dimension-type2';
  readonly spec: Type2Spec;
  /** Outbox aggregate type whose events date a member's changes. */
  readonly aggregateType: string;
  incoming(ctx: TransformContext): string;
}

export type WarehouseTable = FactTable | Type1Dimension | Type2Dimension;
