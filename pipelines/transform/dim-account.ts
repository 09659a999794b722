import { accountRolesStage, accountsStage } from '../extract/stages/reference.js';
import type { Type1Dimension } from './table.js';

/** The chart of accounts, flattened: each account with its level, path from the top heading and posting roles. */
export const dimAccount: Type1Dimension = {
  kind: 'dimension',
  table: 'dim_account',
  stages: [accountsStage, accountRolesStage],
  transform: () => `
    with recursive tree(code, level, root_code, path, path_names) as (
      select a.code, 1, a.code, a.code, a.name from stg_accounts a
       where a.parent_code is null or a.parent_code not in (select code from stg_accounts)
      union all
      select a.code, t.level + 1, t.root_code, t.path || ' > ' || a.code, t.path_names || ' > ' || a.name
        from stg_accounts a join tree t on a.parent_code = t.code
    ),
    roles as (select account_code, list(role order by role) as roles from stg_account_roles group by account_code)
    select a.code as account_code, a.name, a.type,
           case when a.type in ('asset', 'expense') then 'debit' else 'credit' end as normal_balance,
           a.parent_code, a.postable, t.level, t.root_code, t.path, t.path_names, coalesce(r.roles, []::varchar[]) as roles
      from stg_accounts a join tree t on t.code = a.code left join roles r on r.account_code = a.code`,
  sourceRows: 'select count(*) from finance.accounts',
};
