import type { ChildProcess } from 'node:child_process';
import { openReader, type Duck } from '../../pipelines/warehouse/duck.js';
import { FACTS, WAREHOUSE_TABLES } from '../../pipelines/index.js';

/**
 * A warehouse as comparable data: per table its row count and a hash of its rows (surrogate
 * keys left out: they only have to be consistent, not equal), and per fact a hash of which
 * member and version each dimension key points at. Two warehouses with equal fingerprints
 * hold the same facts, the same dimension versions and the same fact-to-version links.
 */
const SURROGATE_KEYS = ['customer_key', 'product_key', 'supplier_key'];

export async function warehouseFingerprint(path: string): Promise<Record<string, string>> {
  return withReader(path, async (duck) => {
    const out: Record<string, string> = {};
    for (const table of WAREHOUSE_TABLES) {
      const columns = await duck.all<{ column_name: string }>(`select column_name from duckdb_columns() where table_name = '${table}'`);
      const excluded = columns.map((c) => c.column_name).filter((c) => SURROGATE_KEYS.includes(c));
      const select = excluded.length > 0 ? `select * exclude (${excluded.join(', ')}) from ${table}` : `select * from ${table}`;
      out[table] = await digest(duck, select);
    }
    for (const fact of FACTS) {
      const surrogates = fact.dimensionKeys.map((k) => k.column).join(', ');
      for (const key of fact.dimensionKeys) {
        out[`${fact.table}.${key.column}`] = await digest(
          duck,
          `select f.* exclude (${surrogates}), d.${key.member} as version_of, d.version
             from ${fact.table} f left join ${key.dimension} d on d.${key.column} = f.${key.column}`,
        );
      }
    }
    return out;
  });
}

async function digest(duck: Duck, select: string): Promise<string> {
  const rows = await duck.all<{ n: bigint; h: string | null }>(`select count(*) as n, md5(coalesce(string_agg(r::varchar, chr(10) order by r::varchar), '')) as h from (${select}) r`);
  return `${rows[0]!.n}:${rows[0]!.h}`;
}

export async function withReader<T>(path: string, fn: (duck: Duck) => Promise<T>): Promise<T> {
  const duck = await openReader(path);
  try {
    return await fn(duck);
  } finally {
    duck.close();
  }
}

/** Rows of a query on the warehouse, bigints as numbers. */
export async function query(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const rows = await withReader(path, (duck) => duck.all(sql));
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

/** A child process's stdout and stderr so far. */
export function collectOutput(child: ChildProcess): () => string {
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return () => text;
}

/** Resolves once the child has printed `pattern`; rejects if it exits first or takes over two minutes. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, output = collectOutput(child)): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pattern.test(output())) return resolve();
    const timer = setTimeout(() => reject(new Error(`child did not print ${pattern} in time: ${output()}`)), 120_000);
    const check = () => {
      if (pattern.test(output())) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!pattern.test(output())) reject(new Error(`child exited (${code}) before ${pattern}: ${output()}`));
      else resolve();
    });
  });
}

/** Kills a child with SIGKILL and waits until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
