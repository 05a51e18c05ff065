/**
 * Webhook secrets at rest: `webhook_endpoints.secret` and `previous_secret` hold only sealed
 * text, `sealed:<key id>:<base64>` (AES-256-GCM, bound to the endpoint's id so a sealed secret
 * copied to another endpoint does not open), under WEBHOOK_SECRET_KEYS, kept outside the
 * database and managed as the Temporal payload keys are. The API seals a secret as it makes it
 * and shows it once; only the delivery activity opens one, to sign a message.
 */
import { keyringFrom, type Keyring } from '@throughcare/config';

const PREFIX = 'sealed:';

export interface WebhookSecretKeySettings {
  NODE_ENV?: string;
  WEBHOOK_SECRET_KEYS?: string;
  WEBHOOK_SECRET_KEY_ID?: string;
}

/** Protects nothing outside a developer's machine; production refuses to start without WEBHOOK_SECRET_KEYS. */
export const DEVELOPMENT_WEBHOOK_SECRET_KEY = Buffer.from('throughcare-development-webhook-secret-key', 'utf8').subarray(0, 32);

export class WebhookSecretBox {
  constructor(readonly keyring: Keyring) {}

  seal(endpointId: string, secret: string): string {
    const { keyId, data } = this.keyring.seal(Buffer.from(secret, 'utf8'), associated(endpointId));
    return `${PREFIX}${keyId}:${data.toString('base64')}`;
  }

  open(endpointId: string, sealed: string): string {
    const [prefix, keyId, data] = sealed.split(':');
    if (`${prefix}:` !== PREFIX || !keyId || !data) throw new Error(`The secret of webhook endpoint ${endpointId} is not sealed`);
    return this.keyring.open(keyId, Buffer.from(data, 'base64'), associated(endpointId)).toString('utf8');
  }

  /** Whether a sealed secret is under the current key (a rotation re-seals those that are not). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${PREFIX}${this.keyring.currentKeyId}:`);
  }
}

const boxes = new WeakMap<object, WebhookSecretBox>();

/** The box for these settings (the process's validated config, or the environment), made once. */
export function webhookSecrets(settings: WebhookSecretKeySettings): WebhookSecretBox {
  let box = boxes.get(settings);
  if (!box) {
    if (settings.NODE_ENV === 'production' && !settings.WEBHOOK_SECRET_KEYS) {
      throw new Error('WEBHOOK_SECRET_KEYS: required in production (the development webhook secret key is refused)');
    }
    box = new WebhookSecretBox(keyringFrom(settings.WEBHOOK_SECRET_KEYS, settings.WEBHOOK_SECRET_KEY_ID, 'WEBHOOK_SECRET_KEYS', 'webhook secret key', DEVELOPMENT_WEBHOOK_SECRET_KEY));
    boxes.set(settings, box);
  }
  return box;
}

/** The secrets an endpoint signs with, opened: for the delivery activity alone. */
export function openWebhookSecrets(settings: WebhookSecretKeySettings, endpointId: string, sealed: string[]): string[] {
  const box = webhookSecrets(settings);
  return sealed.map((s) => box.open(endpointId, s));
}

function associated(endpointId: string): Buffer {
  return Buffer.from(`webhook_endpoints:${endpointId}`, 'utf8');
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Seals every secret still stored in clear and re-seals every one under a key that is no longer
 * current, in the caller's transaction: the migration that sealed them first, and the command
 * that finishes a key rotation (`npm run webhook-secrets:reseal`). Returns how many rows changed.
 */
export async function resealWebhookSecrets(db: Queryable, box: WebhookSecretBox): Promise<number> {
  const rows = (await db.query(`SELECT id, secret, previous_secret FROM webhook_endpoints ORDER BY id FOR UPDATE`)) as Array<{ id: string; secret: string; previous_secret: string | null }>;
  const reseal = (id: string, stored: string) => (stored.startsWith(PREFIX) ? box.seal(id, box.open(id, stored)) : box.seal(id, stored));
  let changed = 0;
  for (const row of rows) {
    const stale = (s: string | null) => s !== null && !box.isCurrent(s);
    if (!stale(row.secret) && !stale(row.previous_secret)) continue;
    await db.query(`UPDATE webhook_endpoints SET secret = $2, previous_secret = $3 WHERE id = $1`, [
      row.id,
      stale(row.secret) ? reseal(row.id, row.secret) : row.secret,
      row.previous_secret !== null && stale(row.previous_secret) ? reseal(row.id, row.previous_secret) : row.previous_secret,
    ]);
    changed++;
  }
  return changed;
}
