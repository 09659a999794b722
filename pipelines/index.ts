/**
 * The warehouse pipeline: the operational database into the DuckDB star schema of
 * sql/warehouse, incrementally and exactly once, reconciled after every run.
 */
export { runPipeline, WAREHOUSE_TABLES, type PipelineOptions, type PipelineResult } from './run.js';
export type { PipelineProgress, PipelinePhase } from './progress.js';
export { FAIL_STAGES, RUN_STAGES, InjectedFailure, type FailStage, type RunStage } from './failure.js';
export { ReconciliationError, compareFigures, type Mismatch, type Figures } from './reconcile/compare.js';
export { accountBalances, creditNotesOutsideSalesOrders, crossCheckFigures, DOCUMENT_FIGURES, headlineFigures, postgresFigures, warehouseFigures } from './reconcile/figures.js';
export { PipelineBusyError } from './warehouse/lock.js';
export { openReader, type Duck } from './warehouse/duck.js';
export { FACTS, DIMENSIONS, TABLES } from './transform/tables.js';
export { warehouseState, wroteModelInputs, AGGREGATES_NOT_LOADED, TABLES_NOT_MODELLED, type WarehouseState } from './pending.js';
