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
 * Recursive: callers bound the depth first (the API refuses bodies nested deeper than 32).
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
      const keyProblem = textProblem(key);
      // A bad name is shown escaped, so the answer never carries the character it refuses.
      if (keyProblem) return { path: joinPath(path, JSON.stringify(key).slice(1, -1)), message: `has a name that ${keyProblem}` };
      const fault = findTextFault(item, multilineAt, joinPath(path, key));
      if (fault) return fault;
    }
  }
  return undefined;
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A JSON value with every string, and every key, in NFC. */
export function normaliseTextIn<T>(value: T): T {
  if (typeof value === 'string') return normaliseText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => normaliseTextIn(item)) as T;
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const normalised: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty, not assignment: a key such as `__proto__` stays a plain key.
      Object.defineProperty(normalised, normaliseText(key), { value: normaliseTextIn(item), enumerable: true, writable: true, configurable: true });
    }
    return normalised as T;
  }
  return value;
}

/** A JSON object, or a parsed query string (which has no prototype); not a Date or a class instance. */
function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Paths whose last segment names long text a person writes: a reason, a note (or a list of them),
 * a message (a text the person sent, as GOV.UK Notify passes it on: "STOP" then a line break must
 * withdraw consent, not be refused).
 */
export function isLongTextPath(path: string): boolean {
  const last = (path.split('.').pop() ?? '').replace(/(\[\d+\])+$/, '');
  return /^(reason|notes?|message)$|(Reason|Notes?)$/.test(last);
}
