import { describe, expect, it } from 'vitest';
import { applyCompletion, completionsAt, tableAliases, type SchemaTable } from './completion.js';

const tables: SchemaTable[] = [
  { name: 'dim_customer', comment: 'Customers.', columns: [{ name: 'customer_id', type: 'BIGINT', comment: 'Id.' }, { name: 'region', type: 'VARCHAR', comment: 'Region.' }] },
  { name: 'fact_sales_line', comment: 'Sales lines.', columns: [{ name: 'customer_id', type: 'BIGINT', comment: '' }, { name: 'net_revenue_functional', type: 'BIGINT', comment: 'Net.' }, { name: 'order_date', type: 'DATE', comment: '' }] },
  { name: 'dim_date', comment: 'Days.', columns: [{ name: 'day', type: 'DATE', comment: '' }] },
];
const at = (textWithCaret: string, force = false) => {
  const caret = textWithCaret.indexOf('|');
  return completionsAt(textWithCaret.replace('|', ''), caret, tables, force);
};
const labels = (textWithCaret: string, force = false) => at(textWithCaret, force)?.items.map((i) => i.label) ?? null;

describe('completion of table and column names', () => {
  it('completes a table name being typed, tables first', () => {
    expect(labels('select * from dim_|')).toEqual(['dim_customer', 'dim_date']);
    expect(at('select * from fact|')).toMatchObject({ from: 14, to: 18, items: [{ label: 'fact_sales_line', kind: 'table', detail: 'Sales lines.' }] });
  });

  it("offers a table's columns after its name or its alias and a dot", () => {
    expect(labels('select l.| from fact_sales_line l')).toEqual(['customer_id', 'net_revenue_functional', 'order_date']);
    expect(labels('select s.ord| from fact_sales_line as s')).toEqual(['order_date']);
    expect(labels('select dim_customer.reg| from dim_customer')).toEqual(['region']);
    expect(labels('select dim_customer.r| from dim_customer')).toEqual(['region', 'customer_id']);
    expect(at('select x.| from fact_sales_line l')).toBeNull();
  });

  it('puts the columns of the tables the query names before the others', () => {
    expect(labels('select re| from dim_customer')).toEqual(['region', 'net_revenue_functional']);
    expect(labels('select d| from dim_date')![0]).toBe('dim_customer');
    expect(labels('select d| from dim_date')).toContain('day');
  });

  it('offers everything on Ctrl-Space with no word typed, and nothing unasked', () => {
    expect(at('select |')).toBeNull();
    expect(labels('select |', true)).toContain('fact_sales_line');
  });

  it('offers nothing inside a string or a comment', () => {
    expect(at("select 'dim_|'")).toBeNull();
    expect(at('-- dim_|')).toBeNull();
    expect(labels("select 'a' as x -- note\nfrom dim_|")).toEqual(['dim_customer', 'dim_date']);
  });

  it('replaces the whole word around the caret when one is taken', () => {
    const text = 'select * from dim_cu';
    const c = completionsAt(text, 17, tables)!;
    expect(applyCompletion(text, c, 'dim_customer')).toEqual({ text: 'select * from dim_customer', caret: 26 });
  });

  it('reads aliases without taking keywords for them', () => {
    const aliases = tableAliases('select * from fact_sales_line join dim_customer c on true where 1 = 1', tables);
    expect([...aliases.keys()].sort()).toEqual(['c', 'dim_customer', 'fact_sales_line']);
  });
});
