import { describe, expect, it } from 'vitest';
import { can, capabilitiesOf, isRole, mayBeRegionScoped, ROLES, userCan } from './roles.js';

describe('roles', () => {
  it('each role adds to the one before it', () => {
    expect(ROLES.map((r) => capabilitiesOf({ role: r, region: null }))).toEqual([
      ['view'],
      ['view', 'query', 'author'],
      ['view', 'query', 'author', 'decide'],
      ['view', 'query', 'author', 'decide', 'manage'],
    ]);
    expect(can('executive', 'decide')).toBe(false);
    expect(can('planner', 'decide')).toBe(true);
    expect(can('planner', 'manage')).toBe(false);
  });

  it('a user limited to a region writes no SQL of their own', () => {
    expect(capabilitiesOf({ role: 'planner', region: 'EU' })).toEqual(['view', 'decide']);
    expect(userCan({ role: 'planner', region: 'EU' }, 'query')).toBe(false);
    expect(userCan({ role: 'planner', region: null }, 'query')).toBe(true);
  });

  it('only executives and planners may be limited to a region', () => {
    expect(ROLES.filter(mayBeRegionScoped)).toEqual(['executive', 'planner']);
    expect(isRole('admin')).toBe(true);
    expect(isRole('root')).toBe(false);
  });
});
