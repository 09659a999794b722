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

  it('requires every spelling of the path to be allowed', () => {
    expect(authorize(executive, ['/', '/admin'], 'GET')).toMatchObject({ allowed: false });
    expect(authorize(executive, ['/password', '/password'], 'POST')).toEqual({ allowed: true });
  });
});
