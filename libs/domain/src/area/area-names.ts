/**
 * Local authority areas by their ONS code, as people name them. Throughcare routes by the code
 * (organisations list the codes they serve); pages show the name, with the code as secondary
 * text. The list holds England's metropolitan districts (ONS E08, 2023 boundaries); an area not
 * in it is shown by its code until it is added here.
 */
export const AREA_NAMES: Readonly<Record<string, string>> = {
  E08000001: 'Bolton',
  E08000002: 'Bury',
  E08000003: 'Manchester',
  E08000004: 'Oldham',
  E08000005: 'Rochdale',
  E08000006: 'Salford',
  E08000007: 'Stockport',
  E08000008: 'Tameside',
  E08000009: 'Trafford',
  E08000010: 'Wigan',
  E08000011: 'Knowsley',
  E08000012: 'Liverpool',
  E08000013: 'St Helens',
  E08000014: 'Sefton',
  E08000015: 'Wirral',
  E08000016: 'Barnsley',
  E08000017: 'Doncaster',
  E08000018: 'Rotherham',
  E08000019: 'Sheffield',
  E08000021: 'Newcastle upon Tyne',
  E08000022: 'North Tyneside',
  E08000023: 'South Tyneside',
  E08000024: 'Sunderland',
  E08000025: 'Birmingham',
  E08000026: 'Coventry',
  E08000027: 'Dudley',
  E08000028: 'Sandwell',
  E08000029: 'Solihull',
  E08000030: 'Walsall',
  E08000031: 'Wolverhampton',
  E08000032: 'Bradford',
  E08000033: 'Calderdale',
  E08000034: 'Kirklees',
  E08000035: 'Leeds',
  E08000036: 'Wakefield',
  E08000037: 'Gateshead',
};

/** The area's name, or its code when the list does not have it. */
export function areaName(code: string): string {
  return Object.hasOwn(AREA_NAMES, code) ? AREA_NAMES[code] : code;
}
