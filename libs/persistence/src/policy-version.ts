/** Policies as pathways take and keep them: read by the API, the import activities and the worker's recovery sweep. */
import { DataSource } from 'typeorm';
import { ENGLAND_DEFAULT, type Policy } from '@throughcare/domain';
import { AreaPolicyEntity, PolicyEntity } from './entities';

/** The built-in default is not stored; any other version is. Undefined if there is no such version. */
export async function policyVersion(dataSource: DataSource, id: string, version: number): Promise<Policy | undefined> {
  if (id === ENGLAND_DEFAULT.id && version === ENGLAND_DEFAULT.version) return ENGLAND_DEFAULT;
  return (await dataSource.getRepository(PolicyEntity).findOneBy({ id, version }))?.definition;
}

/** The policy a new pathway in this area starts with: the area's, at its latest version. */
export async function areaPolicy(dataSource: DataSource, area: string): Promise<Policy> {
  const chosen = await dataSource.getRepository(AreaPolicyEntity).findOneBy({ area });
  if (!chosen || chosen.policyId === ENGLAND_DEFAULT.id) return ENGLAND_DEFAULT;
  const latest = await dataSource.getRepository(PolicyEntity).findOne({ where: { id: chosen.policyId }, order: { version: 'DESC' } });
  return latest?.definition ?? ENGLAND_DEFAULT;
}
