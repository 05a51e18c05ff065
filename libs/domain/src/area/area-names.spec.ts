import { AREA_NAMES, AREAS, areaName } from './area-names';
import register from './england-areas.json';

describe('areaName', () => {
  it('names an area by its ONS code', () => {
    expect(areaName('E08000035')).toBe('Leeds');
    expect(areaName('E08000032')).toBe('Bradford');
    expect(areaName('E10000016')).toBe('Kent');
    expect(areaName('E06000052')).toBe('Cornwall');
    expect(areaName('E09000033')).toBe('Westminster');
  });

  it('keeps the code of an area the list does not have', () => {
    expect(areaName('E06000099')).toBe('E06000099');
    expect(areaName('E07000026')).toBe('E07000026'); // Allerdale: a district, not where treatment is commissioned (and gone since 2023)
    expect(areaName('constructor')).toBe('constructor');
  });
});

describe('the list of areas (ONS counties and unitary authorities, England)', () => {
  it('cites its source', () => {
    expect(register.source).toMatch(/^Office for National Statistics, Counties and Unitary Authorities \(April 2023\)/);
  });

  it('holds England’s 153 upper-tier and unitary areas: 63 unitary, 36 metropolitan, 33 London, 21 counties', () => {
    const byKind = (prefix: string) => AREAS.filter((a) => a.code.startsWith(prefix)).length;
    expect([AREAS.length, byKind('E06'), byKind('E08'), byKind('E09'), byKind('E10')]).toEqual([153, 63, 36, 33, 21]);
  });

  it('holds each code once, in order, each an ONS code of an upper-tier area with a name', () => {
    const codes = AREAS.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
    for (const { code, name } of AREAS) {
      expect(code).toMatch(/^E(0[689]|10)\d{6}$/);
      expect(name.trim()).toBe(name);
      expect(name).toMatch(/^[A-Z][A-Za-z .,'-]+$/);
    }
    expect(new Set(AREAS.map((a) => a.name)).size).toBe(AREAS.length);
    expect(Object.keys(AREA_NAMES)).toHaveLength(153);
  });

  it('holds no area abolished before 2023 (Bournemouth, Poole, old Dorset, Buckinghamshire, Northamptonshire, Cumbria, Somerset, North Yorkshire counties)', () => {
    for (const gone of ['E06000028', 'E06000029', 'E06000048', 'E08000020', 'E10000002', 'E10000006', 'E10000009', 'E10000021', 'E10000023', 'E10000027']) expect(AREA_NAMES[gone]).toBeUndefined();
  });
});
