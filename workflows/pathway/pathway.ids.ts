/** Workflow ids are deterministic from the pathway id, so a retried start finds the same run. */
export function pathwayWorkflowId(pathwayId: string): string {
  return `pathway-${pathwayId}`;
}

/**
 * Keys of what a read-model write carries, by which the activity says what it could not store
 * and the workflow owes it again. Opaque ids only, so they may be logged and kept in faults.
 */
export const snapshotItem = {
  pathway: () => 'pathway',
  task: (id: string) => `task:${id}`,
  escalation: (key: string) => `escalation:${key}`,
  event: (seq: number) => `event:${seq}`,
};
