/**
 * The one rule for text a person types (names, reasons, any free text) before it is accepted
 * anywhere: by the API at the edge, and again by the pathway workflow's validators, so nothing
 * reaches a workflow history that the read model cannot store. PostgreSQL's `jsonb` cannot
 * hold U+0000 or a lone surrogate; control characters and bidirectional overrides can make
 * text shown to staff read differently from what was stored (e.g. a name spelled backwards).
 */

export interface TextRule {
  /** Long text (reasons) may hold tabs and line breaks; short text (names, codes) may not. */
  multiline?: boolean;
}

/** A high surrogate not followed by a low one, or a low one not after a high one (no `u` flag: it must see code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 controls, DEL and C1 controls. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
/** C0/C1 controls less tab, line feed and carriage return. */
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/** Bidirectional embeddings, overrides and isolates (the "Trojan Source" characters). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

/** Why a string is not acceptable text, or undefined when it is. */
export function textProblem(value: string, rule: TextRule = {}): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'must not contain unpaired surrogate code units';
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if ((rule.multiline ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL).test(value)) {
    return rule.multiline ? 'must not contain control characters other than tab and line breaks' : 'must not contain control characters';
  }
  if (BIDI_CONTROL.test(value)) return 'must not contain bidirectional override characters';
  return undefined;
}

/** Text as stored: Unicode NFC, so the same name typed two ways is the same name. */
export function normaliseText(value: string): string {
  return value.normalize('NFC');
}

export interface TextFault {
  /** Where the string is, e.g. `details.reason`. */
  path: string;
  message: string;
}

/**
 * The first string in a JSON value that breaks the rule, with its path. Keys are checked too.
 * `multilineAt` says which paths hold long text; every other string is short text.
 */
export function findTextFault(value: unknown, multilineAt: (path: string) => boolean = () => false, path = ''): TextFault | undefined {
  if (typeof value === 'string') {
    const message = textProblem(value, { multiline: multilineAt(path) });
    return message ? { path: path || '(body)', message } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const fault = findTextFault(value[i], multilineAt, `${path}[${i}]`);
      if (fault) return fault;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: at, message: `has a name that ${keyProblem}` };
      const fault = findTextFault(item, multilineAt, at);
      if (fault) return fault;
    }
  }
  return undefined;
}

/** Paths whose last segment names long text a person writes: a reason, a note. */
export function isLongTextPath(path: string): boolean {
  const last = path.split('.').pop() ?? '';
  return /(^reason$|Reason$|^note$|Notes?$)/.test(last.replace(/\[\d+\]$/, ''));
}
