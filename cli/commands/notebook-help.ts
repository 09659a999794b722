/** `ledgerloop notebook --help`: the commands and the notebook format in brief. */
export const subcommandHelp = `Usage: ledgerloop notebook list [--notebooks DIR]
       ledgerloop notebook render NAME [--param name=value ...] --out FILE.html [--notebooks DIR]

list     the notebooks in notebooks/ and those written in the browser
         ($LEDGERLOOP_DATA/notebooks/), with their titles and parameters
render   runs notebook NAME against $LEDGERLOOP_DATA/warehouse.duckdb (read-only) and writes
         one self-contained HTML file: prose, result tables, and charts drawn by Observable
         Plot from inlined data (Plot and d3 inlined too, so it opens offline)

  --param k=v      a notebook parameter (repeat for each); others take their defaults
  --out FILE       where to write the report
  --notebooks DIR  read notebooks from DIR only (not notebooks/ and the saved ones)

A notebook is Markdown with fenced blocks:
  \`\`\`sql name=top params="region:text=ALL,from:date=2025-01-01"   a named SELECT; $region and
                                       $from are parameters; later blocks can read "top" as a table
  \`\`\`sql name=weeks query=weekly_item_demand   runs a named query (sql/queries/, or saved
                                       from the workbench) with the notebook's parameters
  \`\`\`model name=p fn=classifyDemand data=weeks   calls a ledgerloop/models function on a
                                       result; its JSON body names the columns to use
  \`\`\`chart data=top                    a JSON spec of Plot marks drawing top's rows, e.g.
                                       {"marks":[{"type":"barY","x":"month","y":"revenue"}]}
and inline values in prose: {{ top.0.revenue | money }}, {{ top.rows }}.
See notebooks/README.md for the whole format.`;
