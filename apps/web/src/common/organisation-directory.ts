/**
 * The organisations the API knows, for naming them on pages ("Forward Leeds", not `CTS-LDS`)
 * and for the areas Throughcare serves. The list is the same for every signed-in person, so it
 * is read with the person's own token and kept for a minute: an organisation renamed by an
 * admin shows under its new name within that minute.
 */
import { Injectable } from '@nestjs/common';
import { areaName } from '@throughcare/domain';
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

  /** The areas a community treatment service serves, by name: where a release can be sent. */
  async servedAreas(token: string): Promise<Area[]> {
    const codes = new Set((await this.list(token)).filter((o) => o.type === 'community-treatment').flatMap((o) => o.areas));
    return [...codes].map((code) => ({ code, name: areaName(code) })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  }
}
