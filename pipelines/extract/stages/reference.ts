import { columns, micros, type StageSpec } from '../stage-spec.js';

/**
 * Reference data read whole on every run: it is small, and comparing all of it against the
 * warehouse catches every change, whether or not an event announced it.
 */
export const companyStage: StageSpec = {
  name: 'stg_company',
  columns: columns({ setting: 'VARCHAR', value: 'VARCHAR' }),
  key: 'setting',
  driver: 'core.settings',
  query: () => `select s.key as setting, s.value #>> '{}' as value from core.settings s`,
};

export const currenciesStage: StageSpec = {
  name: 'stg_currencies',
  columns: columns({ code: 'VARCHAR', minor_units: 'INTEGER' }),
  key: 'code',
  driver: 'core.currencies',
  query: () => `select c.code::text as code, c.minor_units::int as minor_units from core.currencies c`,
};

export const customersStage: StageSpec = {
  name: 'stg_customers',
  columns: columns({
    id: 'INTEGER', code: 'VARCHAR', name: 'VARCHAR', region: 'VARCHAR', region_name: 'VARCHAR', segment: 'VARCHAR',
    owner_id: 'INTEGER', owner_name: 'VARCHAR', status: 'VARCHAR', currency: 'VARCHAR', payment_terms_days: 'INTEGER',
    credit_limit: 'BIGINT', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'crm.customers',
  query: () => `
    select c.id, c.code, c.name, c.region, r.name as region_name, c.segment, c.owner_id, o.name as owner_name, c.status,
           c.currency::text as currency, c.payment_terms_days, c.credit_limit, ${micros('c.created_at')} as created_at_us
      from crm.customers c
      left join core.regions r on r.code = c.region
      left join people.employees o on o.id = c.owner_id`,
};

export const itemsStage: StageSpec = {
  name: 'stg_items',
  columns: columns({
    id: 'INTEGER', sku: 'VARCHAR', name: 'VARCHAR', unit: 'VARCHAR', category: 'VARCHAR', category_name: 'VARCHAR',
    procurement: 'VARCHAR', active: 'BOOLEAN', list_price: 'BIGINT', standard_cost: 'BIGINT', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'erp.items',
  query: () => `
    select i.id, i.sku, i.name, i.unit, i.category, k.name as category_name, i.procurement, i.active, i.list_price, i.standard_cost,
           ${micros('i.created_at')} as created_at_us
      from erp.items i left join erp.item_categories k on k.code = i.category`,
};

export const suppliersStage: StageSpec = {
  name: 'stg_suppliers',
  columns: columns({
    id: 'INTEGER', code: 'VARCHAR', legal_name: 'VARCHAR', tax_id: 'VARCHAR', region: 'VARCHAR', region_name: 'VARCHAR',
    currency: 'VARCHAR', payment_terms_days: 'INTEGER', status: 'VARCHAR', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'scm.suppliers',
  query: () => `
    select s.id, s.code, s.legal_name, s.tax_id, s.region, r.name as region_name, s.currency::text as currency, s.payment_terms_days,
           s.status, ${micros('s.created_at')} as created_at_us
      from scm.suppliers s left join core.regions r on r.code = s.region`,
};

export const warehousesStage: StageSpec = {
  name: 'stg_warehouses',
  columns: columns({ id: 'INTEGER', code: 'VARCHAR', name: 'VARCHAR', region: 'VARCHAR', region_name: 'VARCHAR', region_currency: 'VARCHAR' }),
  key: 'id',
  driver: 'erp.warehouses',
  query: () => `
    select w.id, w.code, w.name, w.region, r.name as region_name, r.currency::text as region_currency
      from erp.warehouses w left join core.regions r on r.code = w.region`,
};

export const employeesStage: StageSpec = {
  name: 'stg_employees',
  columns: columns({
    id: 'INTEGER', code: 'VARCHAR', name: 'VARCHAR', role: 'VARCHAR', region: 'VARCHAR', manager_id: 'INTEGER',
    manager_name: 'VARCHAR', active: 'BOOLEAN', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'people.employees',
  query: () => `
    select e.id, e.code, e.name, e.role, e.region, e.manager_id, m.name as manager_name, e.active, ${micros('e.created_at')} as created_at_us
      from people.employees e left join people.employees m on m.id = e.manager_id`,
};

export const accountsStage: StageSpec = {
  name: 'stg_accounts',
  columns: columns({ code: 'VARCHAR', name: 'VARCHAR', type: 'VARCHAR', parent_code: 'VARCHAR', postable: 'BOOLEAN' }),
  key: 'code',
  driver: 'finance.accounts',
  query: () => `select a.code, a.name, a.type, a.parent_code, a.postable from finance.accounts a`,
};

export const accountRolesStage: StageSpec = {
  name: 'stg_account_roles',
  columns: columns({ role: 'VARCHAR', account_code: 'VARCHAR' }),
  key: 'role',
  driver: 'finance.account_roles',
  query: () => `select r.role, r.account_code from finance.account_roles r`,
};
