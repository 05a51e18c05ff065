/** What clients of the notification-delivery workflow need, without pulling the workflow code itself. */
export * from './notification-delivery.types';
