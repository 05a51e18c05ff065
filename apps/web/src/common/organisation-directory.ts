/**
 * The organisations the API knows, for naming them on pages ("Forward Leeds", not `CTS-LDS`)
 * and for who serves which area. The list is the same for every signed-in person, so it
 * is read with the person's own token and kept for a minute: an organisation renamed by an
 * admin shows under its new name within that minute.
 */
import { Injectable } from '@nestjs/common';
import { AREAS, areaName } from '@throughcare/domain';
import { ApiClient } from '../api/api-client';

export interface Organisation {
  code: string;
  name: string;
  type: string;
  areas: string[];
}

export interface Area {
  code: string;
  name: string;
}

/** The organisations a registration routes to by area, each a field the prison may name instead. */
export const ROUTED_TYPES = ['community-treatment', 'probation', 'commissioner'] as const;
export type RoutedType = (typeof ROUTED_TYPES)[number];

const KEEP_MS = 60_000;

@Injectable()
export class OrganisationDirectory {
  private cached?: { at: number; list: Organisation[] };

  constructor(private readonly api: ApiClient) {}

  async list(token: string): Promise<Organisation[]> {
    if (this.cached && Date.now() - this.cached.at < KEEP_MS) return this.cached.list;
    const list = (await this.api.get(token, '/v1/organisations')).map((o) => ({ code: o.code, name: o.name, type: o.type, areas: o.areas ?? [] }));
    this.cached = { at: Date.now(), list };
    return list;
  }

  /** Each organisation's name by its code, for the `orgName` filter. */
  async names(token: string): Promise<Record<string, string>> {
    return Object.fromEntries((await this.list(token)).map((o) => [o.code, o.name]));
  }

  /**
   * Every area a release can be sent to, by name: England's local authority areas (the domain's
   * list), and any other an organisation serves. An area nobody serves yet is one of them: the
   * prison then chooses who takes the person on (`unserved`).
   */
  async areas(token: string): Promise<Area[]> {
    const codes = new Set([...AREAS.map((a) => a.code), ...(await this.list(token)).flatMap((o) => o.areas)]);
    return [...codes].map((code) => ({ code, name: areaName(code) })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  }

  /** The kinds of organisation a registration routes to of which none serves this area. */
  async unserved(token: string, area: string): Promise<RoutedType[]> {
    const list = await this.list(token);
    return ROUTED_TYPES.filter((type) => !list.some((o) => o.type === type && o.areas.includes(area)));
  }
}
