/**
 * One row of a list, judged exactly as `POST /v1/releases` judges a body: the text rule, then
 * the registration's validation (the same pipe, the same field errors), then the one check a
 * list adds: every row is for the prison that sends the list.
 */
import { normaliseTextIn } from '@throughcare/domain';
import { createValidationPipe, FieldError, ProblemException } from '@throughcare/problem';
import { rowTextFault } from '../common/safe-text.middleware';
import { RegisterReleaseDto } from '../pathways/register-release.dto';

export type RowVerdict = { valid: RegisterReleaseDto } | { errors: FieldError[]; detail: string };

const pipe = createValidationPipe();

export async function judgeRow(row: unknown, prisonCode: string): Promise<RowVerdict> {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    return { errors: [{ field: '(row)', messages: ['must be a registration'] }], detail: 'Not a registration' };
  }
  const text = rowTextFault(row);
  if (text) return { errors: [text], detail: `${text.field}: ${text.messages.join('; ')}` };
  let dto: RegisterReleaseDto;
  try {
    dto = (await pipe.transform(normaliseTextIn(row), { type: 'body', metatype: RegisterReleaseDto })) as RegisterReleaseDto;
  } catch (err) {
    if (!(err instanceof ProblemException)) throw err;
    return { errors: (err.problem.extensions?.errors as FieldError[] | undefined) ?? [], detail: err.problem.detail ?? err.problem.title };
  }
  if (dto.prisonCode !== prisonCode) {
    const message = `must be ${prisonCode}: a prison sends only its own releases`;
    return { errors: [{ field: 'prisonCode', code: 'not-this-prison', prisonCode, messages: [message] }], detail: `prisonCode: ${message}` };
  }
  return { valid: dto };
}
