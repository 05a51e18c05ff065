import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { PathwayEntity } from '@throughcare/persistence';
import { notFound } from '@throughcare/problem';
import { whereVisibleTo } from '@throughcare/access';

/** The pathway with its person, if the caller may see it; else 404. */
export async function findVisiblePathway(dataSource: DataSource, user: AuthenticatedUser, id: string): Promise<PathwayEntity> {
  const q = dataSource.getRepository(PathwayEntity).createQueryBuilder('p').innerJoinAndSelect('p.person', 'person').where('p.id = :id', { id });
  const pathway = await whereVisibleTo(q, 'p', user).getOne();
  if (!pathway) throw notFound(`Pathway ${id}`);
  return pathway;
}
