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
