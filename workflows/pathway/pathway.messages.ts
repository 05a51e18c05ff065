/** Message definitions shared by the API client and the workflow. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PathwayView, TaskActionInput, TaskActionResult } from './pathway.types';

/** Answers once the registration's first tasks are in the read model, so the caller reads its own write. */
export const registeredUpdate = defineUpdate<PathwayView>('registered');
export const taskActionUpdate = defineUpdate<TaskActionResult, [TaskActionInput]>('taskAction');
export const pathwayQuery = defineQuery<PathwayView>('pathway');
