/** Every workflow the worker hosts; the bundler's entry point. */
export { pathwayWorkflow } from './pathway/pathway.workflow';
export { releaseImportWorkflow } from './imports/release-import.workflow';
export { notificationDeliveryWorkflow, notificationDigestWorkflow } from './notifications/notification-delivery.workflow';
export { releaseDateCheckWorkflow, releaseDateReconciliationWorkflow } from './intake/release-date-check.workflow';
export { maintenanceWorkflow } from './maintenance/maintenance.workflow';
