/**
 * Opaque keyset-pagination cursors: the sort key of the last row of a page. A cursor comes
 * back from the caller, who may have edited it, so it is checked in full before it reaches
 * SQL: an id or an instant PostgreSQL cannot parse would otherwise fail the query (a 500).
 */
import { registerDecorator, ValidationArguments } from 'class-validator';
import { isLocalDate, isValidInstant } from '@throughcare/domain';
import { validationError } from '@throughcare/problem';

export interface Cursor {
  /** The row's sort key: a calendar date or an instant. */
  at: string;
  /** A second sort key, an instant, for a list sorted by two (tasks by day of release, then due time). */
  then?: string;
  id: string;
}

/** What a list's cursor holds: pathways sort by release day, tasks and escalations by an instant. */
export interface CursorShape {
  /** `either` for a list whose sort the caller chooses between a date and an instant (pathways by day of release or by due time). */
  at: 'date' | 'instant' | 'either';
  id: 'uuid' | 'escalation-key';
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ID: Record<CursorShape['id'], RegExp> = {
  uuid: new RegExp(`^${UUID}$`, 'i'),
  // `{task or pathway id}:{level}`, e.g. …:L1, …:notice, …:not-engaged
  'escalation-key': new RegExp(`^${UUID}:[a-z0-9-]{1,30}$`, 'i'),
};
/** Sort keys a real row can have; anything outside was made up. */
const EARLIEST = '1900-01-01';
const LATEST = '2199-12-31';

const isDate = (at: string) => isLocalDate(at) && at >= EARLIEST && at <= LATEST;
const isInstant = (at: string) => {
  if (!isValidInstant(at)) return false;
  const day = new Date(at).toISOString().slice(0, 10);
  return day >= EARLIEST && day <= LATEST;
};

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ at: cursor.at, ...(cursor.then ? { then: cursor.then } : {}), id: cursor.id })).toString('base64url');
}

/**
 * One page of a keyset-paginated list, from the rows of a query asked for `limit + 1`: the first
 * `limit`, mapped, and the cursor after the last of them when another row follows.
 */
export function keysetPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => Cursor, map: (row: R) => T): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(map), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}

/** The cursor, if it is one this API could have issued for a list of that shape (any list without one). */
export function parseCursor(value: string, shape?: CursorShape): Cursor | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { at, then, id, ...rest } = parsed as Record<string, unknown>;
  if (typeof at !== 'string' || typeof id !== 'string' || Object.keys(rest).length > 0) return undefined;
  if (then !== undefined && (typeof then !== 'string' || !isInstant(then))) return undefined;
  const atFits = shape && shape.at !== 'either' ? (shape.at === 'date' ? isDate(at) : isInstant(at)) : isDate(at) || isInstant(at);
  const idFits = shape ? ID[shape.id].test(id) : ID.uuid.test(id) || ID['escalation-key'].test(id);
  return atFits && idFits ? { at, ...(then === undefined ? {} : { then }), id } : undefined;
}

export function decodeCursor(value: string, shape?: CursorShape): Cursor {
  const cursor = parseCursor(value, shape);
  if (!cursor) throw validationError([{ field: 'cursor', messages: [NOT_A_CURSOR] }]);
  return cursor;
}

const NOT_A_CURSOR = 'is not a cursor this API issued; start again from the first page';

/**
 * On a page query's `cursor`: the list's DTO says what its cursor holds with a static
 * `cursorShape`, so an edited cursor is refused by validation, with the other field errors.
 */
export function IsCursor() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCursor',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          typeof value === 'string' && parseCursor(value, (args.object.constructor as { cursorShape?: CursorShape }).cursorShape) !== undefined,
        defaultMessage: () => `${propertyName} ${NOT_A_CURSOR}`,
      },
    });
}
