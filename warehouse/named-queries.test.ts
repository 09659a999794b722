import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../domain/db/project-root.js';
import { bindParams, parseNamedQuery, readQueryFile } from './named-queries.js';

const QUERY = `-- Revenue by month.
-- Net of credit notes.
-- @param from date = 2024-01-01  First day.
-- @param region text  Region code.
-- @param top integer = 10
select 1`;

describe('named queries', () => {
  it('reads the description and the parameters from the header', () => {
    const q = parseNamedQuery(QUERY);
    expect(q.description).toBe('Revenue by month. Net of credit notes.');
    expect(q.params).toEqual([
      { name: 'from', type: 'date', default: '2024-01-01', description: 'First day.' },
      { name: 'region', type: 'text', default: null, description: 'Region code.' },
      { name: 'top', type: 'integer', default: '10', description: '' },
    ]);
  });

  it('binds given values and defaults, typed', () => {
    expect(bindParams(parseNamedQuery(QUERY).params, { region: 'EU', top: '3' })).toEqual({
      from: { type: 'date', value: '2024-01-01' }, region: { type: 'text', value: 'EU' }, top: { type: 'integer', value: 3 },
    });
  });

  it.each([
    [{}, /missing parameter 'region' \(text: Region code\.\)/],
    [{ region: 'EU', colour: 'red' }, /unknown parameter 'colour'; this query takes from, region, top/],
    [{ region: 'EU', from: '2024-02-30' }, /'from' must be a date as YYYY-MM-DD/],
    [{ region: 'EU', top: '1.5' }, /'top' must be a whole number/],
  ])('refuses %j', (given, message) => {
    expect(() => bindParams(parseNamedQuery(QUERY).params, given)).toThrow(message);
  });

  it('refuses a parameter line it cannot read', () => {
    expect(() => parseNamedQuery('-- @param from datetime\nselect 1')).toThrow(/cannot read the parameter line/);
  });

  it('every query in sql/queries documents itself and its parameters', () => {
    const dir = join(projectRoot(), 'sql', 'queries');
    const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const q = parseNamedQuery(readQueryFile(f.replace(/\.sql$/, '')));
      expect(q.description, f).not.toBe('');
      for (const p of q.params) {
        expect(p.description, `${f} ${p.name}`).not.toBe('');
        expect(q.sql, `${f} uses $${p.name}`).toContain(`$${p.name}`);
      }
    }
  });
});
