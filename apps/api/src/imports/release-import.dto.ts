import { ReleaseImportEntity, ReleaseImportRowEntity } from '@throughcare/persistence';
import type { CursorShape } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';

export class ImportFieldErrorDto {
  /** The field, as a single registration's problem names it; `(registration)` for a refusal of the whole registration. @example nhsNumber */
  field: string;
  /** The rule's stable code, as a single registration's field errors give it (with the values it compares beside it); for `(registration)`, the problem's type. @example invalid-nhs-number */
  code?: string;
  /** @example ["nhsNumber must be a valid NHS number"] */
  messages: string[];
}

export class ImportRowResultDto {
  /** 1 for the first row after a CSV's header, or the first element of a JSON array. @example 3 */
  row: number;
  /** pending, created, duplicate or invalid. @example created */
  result: string;
  /** The pathway this row created, or the open one it duplicates when the caller can see it. */
  pathwayId: string | null;
  /** For an invalid row, the field errors a single registration would get. */
  errors: ImportFieldErrorDto[] | null;
  /** Why a row is a duplicate or invalid, in words. */
  detail: string | null;
}

export class ImportCountsDto {
  created: number;
  duplicate: number;
  invalid: number;
  pending: number;
}

export class ReleaseImportResponseDto {
  id: string;
  /** Where to follow it. @example /v1/releases/imports/5f0c1c1e-8a7e-4d8e-9a39-2a7f1b0c9d11 */
  location: string;
  /** processing, or done once every row has its result. @example processing */
  state: string;
  total: number;
  /** Rows with a result: created, duplicate or invalid. */
  processed: number;
  counts: ImportCountsDto;
  createdAt: string;
  finishedAt: string | null;
  /** Each row's result; on the import's own page, not in the answer that accepts it. */
  rows?: ImportRowResultDto[];
}

/** A prison's past imports, newest first. */
export class ListImportsQueryDto extends PageQueryDto {
  /** Sorted by when each was sent, newest first, then id. */
  static cursorShape: CursorShape = { at: 'instant', id: 'uuid' };
}

export class ImportSummaryDto extends ReleaseImportResponseDto {
  /** Who sent it, as their sign-in named them. @example Alex Nurse */
  sentBy: string;
  /** The prison that sent it. @example LEI */
  prisonCode: string;
}

export class ImportPageDto {
  items: ImportSummaryDto[];
  nextCursor: string | null;
}

export function mapImport(entity: ReleaseImportEntity, counts: ImportCountsDto, rows?: ReleaseImportRowEntity[]): ReleaseImportResponseDto {
  return {
    id: entity.id,
    location: `/v1/releases/imports/${entity.id}`,
    state: entity.state,
    total: entity.total,
    processed: entity.total - counts.pending,
    counts,
    createdAt: entity.createdAt.toISOString(),
    finishedAt: entity.finishedAt?.toISOString() ?? null,
    ...(rows && {
      rows: rows.map((r) => ({ row: r.rowNumber, result: r.result, pathwayId: r.pathwayId, errors: r.errors, detail: r.detail })),
    }),
  };
}
