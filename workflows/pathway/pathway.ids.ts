/** Workflow ids are deterministic from the pathway id, so a retried start finds the same run. */
export const PATHWAY_TASK_QUEUE = 'throughcare-pathways';

export function pathwayWorkflowId(pathwayId: string): string {
  return `pathway-${pathwayId}`;
}
