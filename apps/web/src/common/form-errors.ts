/** Errors as GOV.UK's error summary and field macros take them. */
import type { Json } from '../api/api-client';

export interface FormErrors {
  /** By field: `{ text }` for the field's errorMessage. */
  errors: Record<string, { text: string }>;
  /** For govukErrorSummary: each links to its field. */
  errorList: Array<{ text: string; href: string }>;
}

/** The API's field errors (problem+json `errors[]`) against the page's fields; `hrefs` maps an API field to its input's id. */
export function fieldErrorsFrom(problem: Json, hrefs: Record<string, string>): FormErrors {
  const result: FormErrors = { errors: {}, errorList: [] };
  const list = Array.isArray(problem.errors) ? (problem.errors as Array<{ field: string; messages: string[] }>) : [];
  for (const { field, messages } of list) {
    const key = field.split('.').pop() ?? field;
    const text = sentence(messages.join('. '));
    result.errors[key] = { text };
    result.errorList.push({ text, href: `#${hrefs[key] ?? key}` });
  }
  if (result.errorList.length === 0) result.errorList.push({ text: sentence(String(problem.detail ?? 'Check the form and try again')), href: '#main-content' });
  return result;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
