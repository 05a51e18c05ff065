/** Pathway responses; `mapPathway` is the one way a pathway becomes a response. */
import { PathwayEntity, TaskEntity } from '@throughcare/persistence';
import { mapTask, TaskResponseDto } from '../tasks/task.dto';

export class PersonResponseDto {
  prisonNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
}

export class PathwayResponseDto {
  id: string;
  status: string;
  person: PersonResponseDto;
  prisonCode: string;
  destinationArea: string;
  organisations: { communityTreatment: string; probation: string; commissioner: string };
  releaseDate: string;
  releaseDateType: string;
  expectedReleaseDate: string | null;
  releaseDateAdjustedFrom: string | null;
  treatment: { substances: string[]; onOst: boolean; consentToShare: boolean };
  policy: { id: string; version: number };
  registeredAt: string;
  tasks: TaskResponseDto[];
}

export function mapPathway(pathway: PathwayEntity, tasks: TaskEntity[]): PathwayResponseDto {
  const person = pathway.person!;
  return {
    id: pathway.id,
    status: pathway.status,
    person: {
      prisonNumber: person.prisonNumber,
      givenName: person.givenName,
      familyName: person.familyName,
      dateOfBirth: person.dateOfBirth,
      nhsNumber: person.nhsNumber,
    },
    prisonCode: pathway.prisonCode,
    destinationArea: pathway.destinationArea,
    organisations: {
      communityTreatment: pathway.communityTreatmentCode,
      probation: pathway.probationCode,
      commissioner: pathway.commissionerCode,
    },
    releaseDate: pathway.releaseDate,
    releaseDateType: pathway.releaseDateType,
    expectedReleaseDate: pathway.expectedReleaseDate,
    releaseDateAdjustedFrom: pathway.releaseDateAdjustedFrom,
    treatment: { substances: pathway.substances, onOst: pathway.onOst, consentToShare: pathway.consentToShare },
    policy: { id: pathway.policyId, version: pathway.policyVersion },
    registeredAt: pathway.registeredAt.toISOString(),
    tasks: tasks.map((t) => mapTask(t)),
  };
}
