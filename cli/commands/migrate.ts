import { parse } from '../args.js';
import { withDatabase } from '../database.js';
import { migrate } from '../../domain/db/migrate.js';
import type { Subcommand } from '../subcommand.js';

export const migrateCommand: Subcommand = {
  name: 'migrate',
  summary: 'apply the SQL migrations in sql/postgres to the operational database',
  help: `Usage: ledgerloop migrate [--json]

Applies sql/postgres/*.sql in order, each in its own transaction, and records them.
Idempotent; refuses to continue if an applied file has changed since.
Database: DATABASE_URL if set, else the embedded database under $LEDGERLOOP_DATA/pg (default ./data).`,
  async run(argv) {
    const { values } = parse(argv, { json: { type: 'boolean' } });
    const result = await withDatabase(async (database) => ({ location: database.location, ...(await migrate(database)) }), { migrateFirst: false });
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else console.log(`${result.location}: ${result.applied.length} applied${result.applied.length ? ` (${result.applied.join(', ')})` : ''}, ${result.alreadyApplied.length} already up to date`);
    return 0;
  },
};
