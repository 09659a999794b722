import { DomainError } from '../domain/kernel/errors.js';
import { UsageError } from './args.js';
import type { Subcommand } from './subcommand.js';
import { migrateCommand } from './commands/migrate.js';
import { statusCommand } from './commands/status.js';
import { reportCommand } from './commands/report.js';
import { forecastCommand } from './commands/forecast.js';
import { verifyCommand } from './commands/verify.js';
import { simulateCommand } from './commands/simulate.js';
import { startCommand } from './commands/start.js';
import { pipelineCommand } from './commands/pipeline.js';
import { sqlCommand } from './commands/sql.js';
import { schemaCommand } from './commands/schema.js';
import { exportCommand } from './commands/export.js';
import { approvalsCommand } from './commands/approvals.js';
import { serviceCommand } from './commands/service.js';
import { customerCommand, contractsCommand } from './commands/customer.js';
import { suppliersCommand } from './commands/suppliers.js';
import { crmCommand } from './commands/crm.js';
import { payrollCommand } from './commands/payroll.js';
import { budgetCommand } from './commands/budget.js';
import { purchasingCommand } from './commands/purchasing.js';
import { traceCommand } from './commands/trace.js';
import { planningCommand } from './commands/planning.js';
import { serveCommand } from './commands/serve.js';
import { notebookCommand } from './commands/notebook.js';
import { checkCommand } from './commands/check.js';
import { userCommand } from './commands/user.js';

const COMMANDS: Subcommand[] = [startCommand, migrateCommand, simulateCommand, statusCommand, reportCommand, verifyCommand, pipelineCommand, forecastCommand, sqlCommand, schemaCommand, notebookCommand, checkCommand, exportCommand, approvalsCommand, serviceCommand, customerCommand, contractsCommand, suppliersCommand, crmCommand, payrollCommand, budgetCommand, purchasingCommand, traceCommand, planningCommand, userCommand, serveCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: ledgerloop <command> [options]

Ledgerloop records CRM, ERP and SCM operations in Postgres and turns them into decisions.
Database: DATABASE_URL if set, else the embedded database under $LEDGERLOOP_DATA (default ./data).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run 'ledgerloop <command> --help' for a command's options. Add --verbose for stack traces.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const verbose = rest.includes('--verbose');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command '${name}'; run 'ledgerloop --help' for the list`);
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(command.help);
      return 0;
    }
    return await command.run(rest);
  } catch (error) {
    return reportError(error, verbose);
  }
}

/** One line on stderr: exit 2 for input the user can correct, 1 for anything else. */
export function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    return 2;
  }
  if (error instanceof DomainError) {
    const badInput = ['INVALID_INPUT', 'NOT_FOUND', 'DUPLICATE', 'IDEMPOTENCY_MISMATCH'].includes(error.code);
    console.error(`error [${error.code}]${error.field ? ` ${error.field}:` : ''} ${error.message}`);
    if (verbose) console.error(error.stack);
    return badInput ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`error: ${message.split('\n')[0]}`);
  if (verbose && error instanceof Error) console.error(error.stack);
  return 1;
}
