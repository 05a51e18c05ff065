/**
 * What an Idempotency-Key keeps of an answer: all of it but secrets. A webhook's signing secret
 * is shown once, in the answer that made it; kept with the key it would be shown again to any
 * replay for IDEMPOTENCY_KEY_HOURS. So each object's `secret` is stored as the marker
 * `secretShownOnce: true`, and a replay gets the first answer without the secret.
 */
export function storedAnswer(body: unknown): string {
  return JSON.stringify(body ?? null, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !('secret' in value)) return value;
    const { secret: _shown, ...rest } = value as Record<string, unknown>;
    return { ...rest, secretShownOnce: true };
  });
}
