/** One `ledgerloop` subcommand: parsing and printing only; the work lives in the domain areas. */
export interface Subcommand {
  name: string;
  summary: string;
  help: string;
  /** Returns the exit code. Throws UsageError (exit 2), DomainError (2 for bad input, else 1). */
  run(argv: string[]): Promise<number>;
}
