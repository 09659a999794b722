// The npm registry reachable here serves DuckDB's native bindings for Linux x64 only, so `npm
// install` leaves the other platforms' optional packages out of package-lock.json and `npm ci`
// then refuses the lock. This adds their entries back (optional, platform-limited, never fetched
// on this platform). Run it after any `npm install`: node .ci/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const base = lock.packages['node_modules/@duckdb/node-bindings'];
const platforms = { 'darwin-arm64': ['darwin', 'arm64'], 'darwin-x64': ['darwin', 'x64'], 'linux-arm64': ['linux', 'arm64', 'glibc'], 'linux-arm64-musl': ['linux', 'arm64', 'musl'], 'linux-x64-musl': ['linux', 'x64', 'musl'], 'win32-arm64': ['win32', 'arm64'], 'win32-x64': ['win32', 'x64'] };
let added = 0;
for (const [name, [os, cpu, libc]] of Object.entries(platforms)) {
  const key = `node_modules/@duckdb/node-bindings-${name}`;
  if (!base?.optionalDependencies?.[`@duckdb/node-bindings-${name}`] || lock.packages[key]) continue;
  lock.packages[key] = { version: base.version, cpu: [cpu], license: 'MIT', optional: true, os: [os], ...(libc ? { libc: [libc] } : {}) };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entries added`);
