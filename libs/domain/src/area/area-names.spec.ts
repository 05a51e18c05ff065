import { AREA_NAMES, areaName } from './area-names';

describe('areaName', () => {
  it('names an area by its ONS code', () => {
    expect(areaName('E08000035')).toBe('Leeds');
    expect(areaName('E08000032')).toBe('Bradford');
  });

  it('keeps the code of an area the list does not have', () => {
    expect(areaName('E06000099')).toBe('E06000099');
    expect(areaName('constructor')).toBe('constructor');
  });

  it('holds only ONS local authority codes', () => {
    for (const code of Object.keys(AREA_NAMES)) expect(code).toMatch(/^E0[6-9]\d{6}$/);
  });
});
