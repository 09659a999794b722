import { userCan, type Capability, type Role } from '../../domain/access/roles.js';

/**
 * Who may use which part of the app: the one table the server enforces for every page,
 * endpoint and action (hooks.server.ts), by path prefix. `read` is what a GET or HEAD needs,
 * `write` what a POST, PUT, PATCH or DELETE needs; 'signed_in' is anyone signed in, null nobody.
 * The longest matching prefix wins; a new part of the app adds its row here.
 */
export type Requirement = Capability | 'signed_in' | null;

export interface RouteRule {
  prefix: string;
  read: Requirement;
  write: Requirement;
}

export const ROUTE_RULES: readonly RouteRule[] = [
  { prefix: '/', read: 'view', write: null },
  { prefix: '/queries', read: 'view', write: null },
  { prefix: '/planning', read: 'view', write: 'decide' },
  { prefix: '/notebooks', read: 'view', write: 'author' },
  // The notebook editor's pages are for authors even to open. An edit page's address holds the
  // notebook's name, so its rule is keyed by its route ('/notebooks/[name]/edit'), one of the
  // spellings of the path every request is checked under (hooks.server.ts).
  { prefix: '/notebooks/new', read: 'author', write: 'author' },
  { prefix: '/notebooks/[name]/edit', read: 'author', write: 'author' },
  { prefix: '/workbench', read: 'query', write: 'query' },
  { prefix: '/admin', read: 'manage', write: 'manage' },
  { prefix: '/password', read: 'signed_in', write: 'signed_in' },
  { prefix: '/logout', read: 'signed_in', write: 'signed_in' },
  // SvelteKit's remote functions name the page they act for in a request header the client
  // chooses; none are used, and none may be until each has a rule of its own.
  { prefix: '/_app/remote', read: null, write: null },
];

/** Reachable without signing in (besides the static assets, which never reach the hooks). */
export const PUBLIC_PATHS: readonly string[] = ['/login'];

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isStateChanging(method: string): boolean {
  return WRITES.has(method.toUpperCase());
}

export function isPublic(path: string): boolean {
  return PUBLIC_PATHS.some((p) => under(path, p));
}

/** What a request for `path` with `method` needs. */
export function requirement(path: string, method: string): Requirement {
  const rule = ROUTE_RULES.filter((r) => under(path, r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0]!;
  return isStateChanging(method) ? rule.write : rule.read;
}

export type Decision = { allowed: true } | { allowed: false; message: string };

/**
 * Whether this user may make this request. `paths` are every spelling of the request's path the
 * router may act on (the URL's, decoded, and the matched route's); each must be allowed.
 */
export function authorize(user: { role: Role; region: string | null }, paths: readonly string[], method: string): Decision {
  for (const path of paths) {
    const needs = requirement(path, method);
    if (needs === 'signed_in' || (needs !== null && userCan(user, needs))) continue;
    const what = isStateChanging(method) ? `make changes in ${section(path)}` : `open ${section(path)}`;
    if (needs === null) return { allowed: false, message: `Nobody may ${what}.` };
    const limited = user.region && (needs === 'query' || needs === 'author') ? ` limited to region ${user.region}` : '';
    return { allowed: false, message: `As ${article(user.role)} ${user.role}${limited} you may not ${what}: it needs ${NEEDS[needs]}.` };
  }
  return { allowed: true };
}

const NEEDS: Record<Capability, string> = {
  view: 'a signed-in reader',
  query: 'an analyst (the SQL workbench)',
  author: 'an analyst (writing notebooks and queries)',
  decide: 'a planner (deciding on suggestions)',
  manage: 'an admin',
};

/** A path, or a path prefix, as a section of the app ('/' is the whole app). */
function under(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

function section(path: string): string {
  return path === '/' ? 'the Overview' : path.split('/').slice(0, 2).join('/');
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
