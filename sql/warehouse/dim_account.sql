create table if not exists dim_account (
  account_code   varchar not null,
  name           varchar not null,
  type           varchar not null,
  normal_balance varchar not null,
  parent_code    varchar,
  postable       boolean not null,
  level          integer not null,
  root_code      varchar not null,
  path           varchar not null,
  path_names     varchar not null,
  roles          varchar[] not null
);
comment on table dim_account is 'The chart of accounts with its hierarchy (type 1). fact_gl_line joins on account_code; roll up with root_code or path.';
comment on column dim_account.account_code is 'Business key: finance.accounts.code.';
comment on column dim_account.name is 'Account name.';
comment on column dim_account.type is 'asset, liability, equity, revenue or expense.';
comment on column dim_account.normal_balance is 'debit (assets, expenses) or credit (liabilities, equity, revenue): the side on which the balance is usually positive.';
comment on column dim_account.parent_code is 'The heading this account sits under; null at the top.';
comment on column dim_account.postable is 'False for headings, which take no postings.';
comment on column dim_account.level is 'Depth in the hierarchy: 1 for a top heading.';
comment on column dim_account.root_code is 'The top heading of this account''s branch.';
comment on column dim_account.path is 'Codes from the top heading down to this account, joined by '' > ''.';
comment on column dim_account.path_names is 'Names from the top heading down to this account, joined by '' > ''.';
comment on column dim_account.roles is 'Posting roles this account plays (receivables, revenue, cogs, …), from finance.account_roles; empty for none.';
