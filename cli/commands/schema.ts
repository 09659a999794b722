import { parse } from '../args.js';
import { warehousePath } from '../../warehouse/location.js';
import { documentedSchema, schemaAsMarkdown, schemaAsText } from '../../warehouse/schema-doc.js';
import type { Subcommand } from '../subcommand.js';

export const schemaCommand: Subcommand = {
  name: 'schema',
  summary: 'the warehouse\'s tables and what every column means',
  help: `Usage: ledgerloop schema [--markdown]

Prints every table of the warehouse with its description, and every column with its type and
meaning, as recorded in the warehouse itself (COMMENT ON, from sql/warehouse). Without a
warehouse yet, prints the schema the pipeline will build.

  --markdown   as a Markdown document`,
  async run(argv) {
    const { values } = parse(argv, { markdown: { type: 'boolean' } });
    const { tables } = await documentedSchema(warehousePath());
    console.log(values.markdown ? schemaAsMarkdown(tables) : schemaAsText(tables));
    return 0;
  },
};
