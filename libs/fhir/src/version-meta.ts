/** Resource versions: meta.versionId is the row's workflow-issued version. */
import type { Meta } from '@medplum/fhirtypes';

export function versionMeta(version: number, lastUpdated: string | Date): Meta {
  return { versionId: String(version), lastUpdated: typeof lastUpdated === 'string' ? lastUpdated : lastUpdated.toISOString() };
}
