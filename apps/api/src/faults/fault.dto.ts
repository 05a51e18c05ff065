import { CursorShape } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';

export class ListFaultsQueryDto extends PageQueryDto {
  static cursorShape: CursorShape = { at: 'instant', id: 'uuid' };
}

export class ReadModelFaultDto {
  /** The snapshot version whose write PostgreSQL refused. */
  version: number;
  /** text-replaced, stored-piecewise or partly-stored. @example partly-stored */
  kind: string;
  /** @example 22P05 */
  sqlstate: string | null;
  /** What was left out: `task:<id>`, `escalation:<key>`, `event:<seq>`, `pathway`. */
  unstored: string[];
  at: string;
}

export class FlaggedPathwayDto {
  /** The pathway (its id only: an operator reads no personal data here). */
  id: string;
  /** @example failed */
  status: string;
  /** workflow-error or registration-not-started, when failed. */
  failureReason: string | null;
  failedAt: string | null;
  /** Writes of its read model that PostgreSQL refused and no later write has made good. */
  unresolvedFaults: ReadModelFaultDto[];
  /** When it was last flagged. */
  flaggedAt: string;
}

export class FlaggedPathwayPageDto {
  items: FlaggedPathwayDto[];
  nextCursor: string | null;
}
