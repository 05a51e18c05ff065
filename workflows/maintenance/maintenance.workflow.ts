/**
 * One run of a periodic job, started by its Temporal Schedule (apps/worker/src/maintenance):
 * the job is one idempotent activity, retried a few times; a run that still fails is failed
 * visibly in Temporal, and the next scheduled run tries again.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities, MaintenanceInput } from './maintenance.types';

const { purgeIdempotencyKeys, refreshHandoverStepSummary } = proxyActivities<MaintenanceActivities>({
  // A first fold of a large read model takes a few minutes.
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

export async function maintenanceWorkflow({ job }: MaintenanceInput): Promise<number> {
  switch (job) {
    case 'purge-idempotency-keys':
      return purgeIdempotencyKeys();
    case 'refresh-handover-step-summary':
      return refreshHandoverStepSummary();
  }
}
