/** A policy at one version, as a pathway keeps it: read by the API and by the worker's recovery sweep. */
import { DataSource } from 'typeorm';
import { ENGLAND_DEFAULT, type Policy } from '@throughcare/domain';
import { PolicyEntity } from './entities';

/** The built-in default is not stored; any other version is. Undefined if there is no such version. */
export async function policyVersion(dataSource: DataSource, id: string, version: number): Promise<Policy | undefined> {
  if (id === ENGLAND_DEFAULT.id && version === ENGLAND_DEFAULT.version) return ENGLAND_DEFAULT;
  return (await dataSource.getRepository(PolicyEntity).findOneBy({ id, version }))?.definition;
}
