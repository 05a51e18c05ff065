/** Every workflow the worker hosts; the bundler's entry point. */
export { pathwayWorkflow } from './pathway/pathway.workflow';
export { notificationDeliveryWorkflow } from './notifications/notification-delivery.workflow';
