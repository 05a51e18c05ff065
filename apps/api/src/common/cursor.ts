/** Opaque keyset-pagination cursors: the sort key of the last row of a page. */
import { validationProblem } from '@throughcare/problem';

export interface TaskCursor {
  dueAt: string;
  id: string;
}

export function encodeCursor(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(value: string): TaskCursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<TaskCursor>;
    if (typeof parsed.dueAt === 'string' && !Number.isNaN(Date.parse(parsed.dueAt)) && typeof parsed.id === 'string') {
      return { dueAt: parsed.dueAt, id: parsed.id };
    }
  } catch {
    // fall through to the validation problem
  }
  throw validationProblem([{ field: 'cursor', messages: ['is not a cursor this API issued'] }]);
}
