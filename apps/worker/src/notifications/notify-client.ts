/** GOV.UK Notify's own client, as e-mail and texts both use it: none without a key; every request with a timeout. */
import axios from 'axios';
import { NotifyClient } from 'notifications-node-client';
import type { Config } from '@throughcare/config';

export function notifyClient(config: Config): NotifyClient | undefined {
  if (!config.NOTIFY_API_KEY) return undefined;
  const client = new NotifyClient(config.NOTIFY_BASE_URL, config.NOTIFY_API_KEY);
  // The client's own default has no timeout.
  client.setClient(axios.create({ timeout: config.NOTIFICATION_REQUEST_TIMEOUT_SECONDS * 1000 }));
  return client;
}
