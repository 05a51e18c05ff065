/** Every workflow the worker hosts; the bundler's entry point. */
export { pathwayWorkflow } from './pathway/pathway.workflow';
export { notificationDeliveryWorkflow, notificationDigestWorkflow } from './notifications/notification-delivery.workflow';
