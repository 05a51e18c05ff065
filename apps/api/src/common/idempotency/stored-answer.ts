/**
 * What an Idempotency-Key keeps of an answer: all of it but secrets and the person's mobile
 * number. A webhook's signing secret is shown once, in the answer that made it; kept with the key
 * it would be shown again to any replay for IDEMPOTENCY_KEY_HOURS. So each object's `secret` is
 * stored as the marker `secretShownOnce: true`, and a replay gets the first answer without it.
 * The number is sealed at rest under CONTACT_KEYS and erased on withdrawal: a pathway answer
 * (every pathway event answers with the pathway, its contact included for healthcare) keeps it
 * as null with `mobileNumberShownOnce: true`, so no plaintext copy outlives a withdrawal or a
 * key's rotation; a replay reads the pathway again for the number.
 */
export function storedAnswer(body: unknown): string {
  return JSON.stringify(body ?? null, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    if ('secret' in value) {
      const { secret: _shown, ...rest } = value as Record<string, unknown>;
      return { ...rest, secretShownOnce: true };
    }
    if ('mobileNumber' in value && (value as { mobileNumber: unknown }).mobileNumber !== null) {
      return { ...value, mobileNumber: null, mobileNumberInWords: null, mobileNumberShownOnce: true };
    }
    return value;
  });
}
