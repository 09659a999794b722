import { projectQueriesDirectory, savedQueriesDirectory } from '../../warehouse/named-queries.js';
import { parse } from '../args.js';
import { warehousePath } from '../../warehouse/location.js';
import { checkAll } from '../../warehouse/check.js';
import { notebooksDirectory } from '../../warehouse/notebooks/files.js';
import { savedNotebooksDirectory } from '../../warehouse/notebooks/saved.js';
import type { Subcommand } from '../subcommand.js';

export const checkCommand: Subcommand = {
  name: 'check',
  summary: 'check that every named query and notebook still runs against the warehouse',
  help: `Usage: ledgerloop check [--queries DIR] [--saved DIR] [--notebooks DIR] [--saved-notebooks DIR]

Checks the analysts' work against $LEDGERLOOP_DATA/warehouse.duckdb (read-only):
  - every named query in sql/queries/: its header parses, it is one SELECT, DuckDB can prepare
    it (so every table and column it names exists), every $parameter it uses is declared and
    every declared one is used, and the defaults bind;
  - the same for every query saved from the workbench ($LEDGERLOOP_DATA/queries/), which
    must also not share its name with a query in sql/queries/;
  - every notebook in notebooks/: it parses, each SQL block runs (with the parameters'
    defaults, or stand-in values where there is none), each chart names columns its data has,
    and each inline {{ value }} resolves;
  - the same for every notebook written in the browser ($LEDGERLOOP_DATA/notebooks/), which
    must also not share its name with a notebook in notebooks/.

Prints one line per problem (file: where: what) and a summary; exits 1 if there is any
problem, 0 if none. Run it after a schema change, and in CI.

  --queries DIR          the named queries to check (default sql/queries of the project)
  --saved DIR            the saved queries to check (default $LEDGERLOOP_DATA/queries)
  --notebooks DIR        the notebooks to check (default notebooks/ of the project)
  --saved-notebooks DIR  the saved notebooks to check (default $LEDGERLOOP_DATA/notebooks)`,
  async run(argv) {
    const { values } = parse(argv, { queries: { type: 'string' }, saved: { type: 'string' }, notebooks: { type: 'string' }, 'saved-notebooks': { type: 'string' } });
    const report = await checkAll(warehousePath(), {
      queries: values.queries ?? projectQueriesDirectory(),
      saved: values.saved ?? savedQueriesDirectory(),
      notebooks: values.notebooks ?? notebooksDirectory(),
      savedNotebooks: values['saved-notebooks'] ?? savedNotebooksDirectory(),
    });
    for (const p of report.problems) console.log(`${p.file}: ${p.message}`);
    const checked = `checked ${report.queries} named quer${report.queries === 1 ? 'y' : 'ies'} and ${report.notebooks} notebook${report.notebooks === 1 ? '' : 's'} (${report.blocks} SQL, model and chart blocks)`;
    const n = report.problems.length;
    console.log(`${checked}: ${n === 0 ? 'no problems' : `${n} problem${n === 1 ? '' : 's'}`}`);
    return n === 0 ? 0 : 1;
  },
};
