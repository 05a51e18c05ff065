/** How long and how often deliveries are tried, as this worker is configured: given to each delivery workflow it starts. */
import type { Config } from '@throughcare/config';
import type { DeliveryRetry } from '@throughcare/workflows/notifications';

export function deliveryRetry(config: Config): DeliveryRetry {
  return {
    initialSeconds: config.NOTIFICATION_RETRY_INITIAL_SECONDS,
    maximumIntervalSeconds: config.NOTIFICATION_RETRY_MAX_INTERVAL_SECONDS,
    limitSeconds: config.NOTIFICATION_RETRY_LIMIT_SECONDS,
    requestTimeoutSeconds: config.NOTIFICATION_REQUEST_TIMEOUT_SECONDS,
  };
}
