/**
 * Errors as GOV.UK's error summary and field macros take them, in the pages' own words
 * (field-messages): the API's field errors by field and code, its other refusals by type.
 */
import type { Problem } from '../api/api-client';
import { ApiFieldError, fieldMessage, FieldMessageOverrides, problemMessage } from './field-messages';

export interface FormErrors {
  /** By field: `{ text }` for the field's errorMessage. */
  errors: Record<string, { text: string }>;
  /** For govukErrorSummary: each links to its field. */
  errorList: Array<{ text: string; href: string }>;
}

/** An empty set of errors, and how a page adds one of its own checks to it. */
export function formErrors(): FormErrors & { add(field: string, href: string, text: string): void } {
  const result = {
    errors: {} as FormErrors['errors'],
    errorList: [] as FormErrors['errorList'],
    add(field: string, href: string, text: string) {
      if (result.errors[field]) return;
      result.errors[field] = { text };
      result.errorList.push({ text, href: `#${href}` });
    },
  };
  return result;
}

/**
 * The API's refusal (problem+json) against the page's fields: `hrefs` maps an API field to its
 * input's id; a refusal with no field is linked to `wholeHref` (the first field, or the page).
 */
export function fieldErrorsFrom(problem: Partial<Problem>, hrefs: Record<string, string>, overrides: FieldMessageOverrides = {}, wholeHref = '#main-content'): FormErrors {
  const result = formErrors();
  const list = Array.isArray(problem.errors) ? (problem.errors as ApiFieldError[]).filter((e) => typeof e?.field === 'string') : [];
  for (const error of list) {
    const key = error.field.split('.').pop() ?? error.field;
    result.add(key, hrefs[key] ?? key, fieldMessage(error, overrides));
  }
  if (result.errorList.length === 0) {
    // A duplicate registration names the pathway already open (a problem's extension member).
    const pathway = typeof problem.pathwayId === 'string' && /^[0-9a-f-]{36}$/i.test(problem.pathwayId) ? problem.pathwayId : undefined;
    result.errorList.push({ text: problemMessage(problem), href: pathway ? `/pathways/${pathway}` : wholeHref });
  }
  return { errors: result.errors, errorList: result.errorList };
}
