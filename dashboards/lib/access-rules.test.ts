import { describe, expect, it } from 'vitest';
import { authorize, isPublic, isStateChanging, requirement } from './access-rules.js';

const executive = { role: 'executive' as const, region: null };
const analyst = { role: 'analyst' as const, region: null };
const planner = { role: 'planner' as const, region: null };
const regionalPlanner = { role: 'planner' as const, region: 'EU' };
const admin = { role: 'admin' as const, region: null };

describe('the route table', () => {
  it('takes the longest matching prefix, by whole path segments', () => {
    expect(requirement('/', 'GET')).toBe('view');
    expect(requirement('/funnel', 'GET')).toBe('view');
    expect(requirement('/admin', 'GET')).toBe('manage');
    expect(requirement('/admin/audit', 'GET')).toBe('manage');
    expect(requirement('/administrator', 'GET')).toBe('view');
    expect(requirement('/workbench/run', 'POST')).toBe('query');
    expect(requirement('/planning', 'GET')).toBe('view');
    expect(requirement('/planning', 'POST')).toBe('decide');
    expect(requirement('/notebooks/clv', 'PUT')).toBe('author');
    expect(requirement('/queries/dashboard_kpi_monthly.csv', 'GET')).toBe('view');
    expect(requirement('/queries/dashboard_kpi_monthly.csv', 'DELETE')).toBeNull();
    expect(requirement('/_app/remote/abc/query', 'GET')).toBeNull();
  });

  it('knows which methods change state and which paths are public', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].map(isStateChanging)).toEqual([false, false, false]);
    expect(['POST', 'put', 'PATCH', 'DELETE'].map(isStateChanging)).toEqual([true, true, true, true]);
    expect(isPublic('/login')).toBe(true);
    expect(isPublic('/logins')).toBe(false);
    expect(isPublic('/')).toBe(false);
  });
});

describe('authorize', () => {
  it("refuses each role what it may not do, saying what it would need", () => {
    expect(authorize(executive, ['/planning'], 'GET')).toEqual({ allowed: true });
    expect(authorize(executive, ['/planning'], 'POST')).toEqual({ allowed: false, message: 'As an executive you may not make changes in /planning: it needs a planner (deciding on suggestions).' });
    expect(authorize(executive, ['/workbench'], 'GET')).toMatchObject({ allowed: false, message: expect.stringMatching(/needs an analyst \(the SQL workbench\)/) });
    expect(authorize(analyst, ['/workbench'], 'GET')).toEqual({ allowed: true });
    expect(authorize(analyst, ['/planning'], 'POST')).toMatchObject({ allowed: false });
    expect(authorize(planner, ['/planning'], 'POST')).toEqual({ allowed: true });
    expect(authorize(planner, ['/admin'], 'GET')).toEqual({ allowed: false, message: 'As a planner you may not open /admin: it needs an admin.' });
    expect(authorize(admin, ['/admin/users'], 'POST')).toEqual({ allowed: true });
    expect(authorize(admin, ['/'], 'POST')).toEqual({ allowed: false, message: 'Nobody may make changes in the Overview.' });
  });

  it('keeps a region-limited reader out of free SQL', () => {
    expect(authorize(regionalPlanner, ['/workbench'], 'GET')).toEqual({ allowed: false, message: 'As a planner limited to region EU you may not open /workbench: it needs an analyst (the SQL workbench).' });
    expect(authorize(regionalPlanner, ['/planning'], 'POST')).toEqual({ allowed: true });
  });

  it('lets only authors open the notebook editor or save a notebook, and no region-limited reader', () => {
    expect(requirement('/notebooks/new', 'GET')).toBe('author');
    expect(requirement('/notebooks/[name]/edit', 'GET')).toBe('author');
    expect(requirement('/notebooks/save', 'POST')).toBe('author');
    expect(requirement('/notebooks/preview', 'POST')).toBe('author');
    expect(requirement('/notebooks/inventory-health', 'GET')).toBe('view');
    // An edit page's URL names the notebook; its route is the spelling the rule holds.
    expect(authorize(executive, ['/notebooks/inventory-health', '/notebooks/[name]'], 'GET')).toEqual({ allowed: true });
    expect(authorize(executive, ['/notebooks/inventory-health/edit', '/notebooks/[name]/edit'], 'GET')).toEqual({
      allowed: false,
      message: 'As an executive you may not open /notebooks: it needs an analyst (writing notebooks and queries).',
    });
    expect(authorize(executive, ['/notebooks/new'], 'GET')).toMatchObject({ allowed: false });
    expect(authorize(executive, ['/notebooks/save'], 'POST')).toEqual({ allowed: false, message: 'As an executive you may not make changes in /notebooks: it needs an analyst (writing notebooks and queries).' });
    for (const user of [analyst, planner, admin]) {
      expect(authorize(user, ['/notebooks/new'], 'GET'), user.role).toEqual({ allowed: true });
      expect(authorize(user, ['/notebooks/x/edit', '/notebooks/[name]/edit'], 'GET'), user.role).toEqual({ allowed: true });
      expect(authorize(user, ['/notebooks/save'], 'POST'), user.role).toEqual({ allowed: true });
    }
    expect(authorize(regionalPlanner, ['/notebooks/save'], 'POST')).toEqual({ allowed: false, message: 'As a planner limited to region EU you may not make changes in /notebooks: it needs an analyst (writing notebooks and queries).' });
    expect(authorize(regionalPlanner, ['/notebooks/new'], 'GET')).toMatchObject({ allowed: false });
    expect(authorize(regionalPlanner, ['/notebooks/x/edit', '/notebooks/[name]/edit'], 'GET')).toMatchObject({ allowed: false });
    expect(authorize(regionalPlanner, ['/notebooks/inventory-health'], 'GET')).toEqual({ allowed: true });
  });

  it('requires every spelling of the path to be allowed', () => {
    expect(authorize(executive, ['/', '/admin'], 'GET')).toMatchObject({ allowed: false });
    expect(authorize(executive, ['/password', '/password'], 'POST')).toEqual({ allowed: true });
  });
});
