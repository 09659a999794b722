import { describe, expect, it } from 'vitest';
import { explainDuckError, explained } from './sandbox.js';

describe('the sandbox gate', () => {
  it('finds the statement an EXPLAIN explains, past comments and options', () => {
    expect(explained('explain select 1')).toBe('select 1');
    expect(explained('-- why\n/* a plan */ EXPLAIN ANALYZE create temp table t as select 1')).toBe('create temp table t as select 1');
    expect(explained('explain (format json) select 2')).toBe('select 2');
    expect(explained('select 1')).toBeNull();
  });

  it("says it is the sandbox when DuckDB's refusal comes from it", () => {
    expect(explainDuckError('Permission Error: Cannot access file "/etc/passwd" - file system operations are disabled by configuration')).toMatch(/^file and network access is off for warehouse queries/);
    expect(explainDuckError('Catalog Error: Table Function with name "postgres_scan" is not in the catalog, but it exists in the postgres_scanner extension.')).toMatch(/^extensions are not available to warehouse queries, so postgres_scanner cannot be used/);
    expect(explainDuckError('Invalid Input Error: Cannot change configuration option "threads" - the configuration has been locked')).toMatch(/^settings are locked/);
    expect(explainDuckError('Binder Error: column x not found')).toBe('Binder Error: column x not found');
  });
});
