/** Message definitions shared by the API client and the workflow. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  Cancellation,
  CustodyReturn,
  PathwayView,
  ReleaseDateChange,
  ReleaseRecord,
  TaskActionInput,
  TaskActionResult,
  Transfer,
} from './pathway.types';

/** Answers once the registration's first tasks are in the read model, so the caller reads its own write. */
export const registeredUpdate = defineUpdate<PathwayView>('registered');
export const taskActionUpdate = defineUpdate<TaskActionResult, [TaskActionInput]>('taskAction');
export const changeReleaseDateUpdate = defineUpdate<PathwayView, [ReleaseDateChange]>('changeReleaseDate');
export const recordReleaseUpdate = defineUpdate<PathwayView, [ReleaseRecord]>('recordRelease');
export const returnToCustodyUpdate = defineUpdate<PathwayView, [CustodyReturn]>('returnToCustody');
export const cancelUpdate = defineUpdate<PathwayView, [Cancellation]>('cancel');
export const transferUpdate = defineUpdate<PathwayView, [Transfer]>('transfer');
export const pathwayQuery = defineQuery<PathwayView>('pathway');

/**
 * Whether the main loop is asleep with nothing left to apply, and until when (null: until a
 * change comes). Operators and tests read it to know that nothing more happens before then,
 * without waiting to see.
 */
export interface WakeUp {
  asleep: boolean;
  wakesAt: string | null;
}
export const wakeUpQuery = defineQuery<WakeUp>('wakeUp');
