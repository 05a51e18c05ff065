/**
 * The pathway workflow's contract with its callers: input, message arguments and views.
 * Only opaque ids, dates, organisation codes and clinical flags: no personal identifiers
 * ever enter a workflow history (DESIGN §4).
 */
import type { ClinicalFlags, LocalDate, OwnerType, Policy, ReleaseDateType, TaskAction, TaskType } from '@throughcare/domain';

export interface PathwayRouting {
  prison: string;
  'community-treatment': string;
  probation: string;
  commissioner: string;
}

export interface PathwayInput {
  pathwayId: string;
  /** The policy version the pathway keeps for its whole life. */
  policy: Policy;
  registeredAt: string;
  releaseDate: LocalDate;
  releaseDateType: ReleaseDateType;
  routing: PathwayRouting;
  flags: ClinicalFlags;
}

export type TaskState = 'open' | 'done' | 'cancelled';

export interface TaskView {
  id: string;
  type: TaskType;
  ownerType: OwnerType;
  owner: string;
  state: TaskState;
  createdAt: string;
  dueAt: string;
  critical: boolean;
  completedAt?: string;
  completedBy?: string;
  outcome?: string;
  details?: Record<string, string | boolean>;
}

export type PathwayStatus = 'active' | 'closed';

export interface PathwayView {
  pathwayId: string;
  status: PathwayStatus;
  expectedReleaseDate: LocalDate;
  releaseDateAdjustedFrom?: LocalDate;
  adjustmentReason?: string;
  tasks: TaskView[];
}

/** Who acted: the signed-in user's subject and organisation (staff, not the person in care). */
export interface Actor {
  sub: string;
  org: string;
}

export interface TaskActionInput {
  taskId: string;
  action: TaskAction;
  actor: Actor;
  details?: Record<string, string | boolean>;
}

export interface TaskActionResult {
  task: TaskView;
  created: TaskView[];
}

/** Read-model write issued by the workflow; `version` orders writes so a retry never regresses a row. */
export interface PathwaySnapshot {
  pathwayId: string;
  version: number;
  status: PathwayStatus;
  expectedReleaseDate: LocalDate;
  releaseDateAdjustedFrom?: LocalDate;
  tasks: TaskView[];
}

