import { OrganisationEntity } from './organisation.entity';
import { PathwayEntity } from './pathway.entity';
import { PersonEntity } from './person.entity';
import { TaskEntity } from './task.entity';

export * from './organisation.entity';
export * from './pathway.entity';
export * from './person.entity';
export * from './task.entity';

export const ENTITIES = [OrganisationEntity, PersonEntity, PathwayEntity, TaskEntity];
