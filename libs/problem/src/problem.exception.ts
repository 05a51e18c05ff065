/**
 * RFC 9457 problem details. Every error the API answers is one of these, with a stable
 * `type` URI per kind of error so clients can branch on it.
 */
export const PROBLEM_TYPE_BASE = 'https://throughcare.dev/problems/';

/**
 * One field that is wrong. `messages` are the API's own words, for API clients; `code` is the
 * stable rule that failed (what a client such as the web app writes its own words from), and
 * the values the rule compares sit beside it (e.g. `{ code: 'after-latest', latest: '2027-01-08' }`).
 */
export interface FieldError {
  field: string;
  messages: string[];
  /**
   * Stable, kebab-case: `required`, `not-a-date`, `after-latest`… (see FIELD_ERROR_CODES). Every
   * DTO constraint and pathway rule gives one; a field error a service builds by hand may not yet.
   */
  code?: string;
  /** The values the rule compares: `earliest`, `latest`, `appointmentAt`… */
  [value: string]: unknown;
}

export interface ProblemInit {
  status: number;
  /** A short stable slug, e.g. `pathway-exists`; becomes the `type` URI. */
  type: string;
  title: string;
  detail?: string;
  /** Extension members, e.g. the existing pathway's id or field errors. */
  extensions?: Record<string, unknown>;
}

export class ProblemException extends Error {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail ?? problem.title);
  }

  body(instance?: string): Record<string, unknown> {
    const { status, type, title, detail, extensions } = this.problem;
    return { type: `${PROBLEM_TYPE_BASE}${type}`, title, status, detail, instance, ...extensions };
  }
}
