/**
 * Local authority areas by their ONS code, as the ONS register names them. Throughcare routes by
 * the code (organisations list the codes they serve); pages show the name, with the code as
 * secondary text. The list holds every area Throughcare could serve: England's upper-tier and
 * unitary local authorities (counties, unitary authorities, metropolitan districts and London
 * boroughs: the level at which drug and alcohol treatment is commissioned, from the public
 * health grant), 153 of them, from the ONS register cited in england-areas.json. A code not in
 * it (an area created after the list) is shown by its code until the list is brought up to date.
 */
import register from './england-areas.json';

export interface Area {
  code: string;
  name: string;
}

/** Every area, in the register's order (by code). */
export const AREAS: readonly Area[] = register.areas;

export const AREA_NAMES: Readonly<Record<string, string>> = Object.fromEntries(AREAS.map((a) => [a.code, a.name]));

/** The area's name, or its code when the list does not have it. */
export function areaName(code: string): string {
  return Object.hasOwn(AREA_NAMES, code) ? AREA_NAMES[code] : code;
}
