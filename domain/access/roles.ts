/**
 * The four roles and what each may do. Each role adds to the one before it: an executive reads
 * dashboards and notebooks; an analyst also queries the warehouse in the SQL workbench and
 * writes notebooks; a planner also decides on the planning inbox's suggestions; an admin also
 * manages users and settings and reads the audit log. Plain data with no imports, so the
 * dashboards' browser code can show or hide what a role may use; the server enforces it.
 */
export const ROLES = ['executive', 'analyst', 'planner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CAPABILITIES = ['view', 'query', 'author', 'decide', 'manage'] as const;
/**
 * - view: dashboards, notebooks and their data (CSV), read-only
 * - query: the SQL workbench
 * - author: writing and saving notebooks and named queries
 * - decide: accepting, modifying and rejecting planning suggestions
 * - manage: users, settings and the audit log
 */
export type Capability = (typeof CAPABILITIES)[number];

const GRANTS: Record<Role, readonly Capability[]> = {
  executive: ['view'],
  analyst: ['view', 'query', 'author'],
  planner: ['view', 'query', 'author', 'decide'],
  admin: ['view', 'query', 'author', 'decide', 'manage'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, capability: Capability): boolean {
  return GRANTS[role].includes(capability);
}

/** Only these roles may be limited to one region (an analyst's SQL reaches every row; an admin manages everyone). */
export const REGION_SCOPED_ROLES: readonly Role[] = ['executive', 'planner'];

export function mayBeRegionScoped(role: Role): boolean {
  return REGION_SCOPED_ROLES.includes(role);
}

/**
 * What this user may do: their role's capabilities, less writing SQL of their own (workbench,
 * notebook authoring) when they are limited to a region — free SQL could read any region's rows.
 */
export function capabilitiesOf(user: { role: Role; region: string | null }): Capability[] {
  const granted = GRANTS[user.role];
  return user.region ? granted.filter((c) => c !== 'query' && c !== 'author') : [...granted];
}

export function userCan(user: { role: Role; region: string | null }, capability: Capability): boolean {
  return capabilitiesOf(user).includes(capability);
}
