/** Workflow ids are deterministic from the pathway id, so a retried start finds the same run. */
export function pathwayWorkflowId(pathwayId: string): string {
  return `pathway-${pathwayId}`;
}
