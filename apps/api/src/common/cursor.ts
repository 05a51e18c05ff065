/** Opaque keyset-pagination cursors: the sort key of the last row of a page. */
import { validationProblem } from '@throughcare/problem';

export interface Cursor {
  /** The row's sort instant. */
  at: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof parsed.at === 'string' && !Number.isNaN(Date.parse(parsed.at)) && typeof parsed.id === 'string') {
      return { at: parsed.at, id: parsed.id };
    }
  } catch {
    // fall through to the validation problem
  }
  throw validationProblem([{ field: 'cursor', messages: ['is not a cursor this API issued'] }]);
}
