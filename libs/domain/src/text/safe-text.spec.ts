import { findTextFault, isLongTextPath, normaliseText, normaliseTextIn, textProblem } from './safe-text';

describe('the rule for typed text', () => {
  it('accepts ordinary text in any script, emoji and accents', () => {
    for (const text of ['Sam', 'Siân O’Neill-Jones', 'Zoë', 'Łukasz', 'محمد', '王芳', 'Needs detox 👍', '']) expect(textProblem(text)).toBeUndefined();
  });

  it('refuses NUL, which PostgreSQL cannot store', () => {
    expect(textProblem('a\u0000b')).toBe('must not contain NUL characters');
    expect(textProblem('a\u0000b', { multiline: true })).toBe('must not contain NUL characters');
  });

  it('refuses a lone surrogate, high or low, but not a pair', () => {
    expect(textProblem('full \ud800 list')).toBe('must not contain unpaired surrogate code units');
    expect(textProblem('\udc00 first')).toBe('must not contain unpaired surrogate code units');
    expect(textProblem('last \ud83d')).toBe('must not contain unpaired surrogate code units');
    expect(textProblem('\ude00\ud83d')).toBe('must not contain unpaired surrogate code units');
    expect(textProblem('paired \ud83d\ude00')).toBeUndefined();
  });

  it('refuses control characters in short text, and all but tab and line breaks in long text', () => {
    for (const c of ['\t', '\n', '\r', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f']) expect(textProblem(`a${c}b`)).toBe('must not contain control characters');
    for (const c of ['\t', '\n', '\r']) expect(textProblem(`a${c}b`, { multiline: true })).toBeUndefined();
    for (const c of ['\u0007', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085']) {
      expect(textProblem(`a${c}b`, { multiline: true })).toBe('must not contain control characters other than tab and line breaks');
    }
  });

  it('refuses bidirectional embeddings, overrides and isolates', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(textProblem(`Sam${c}elpmaxE`)).toBe('must not contain bidirectional override characters');
    }
    expect(textProblem('a\u2065b')).toBeUndefined();
    expect(textProblem('a\u202fb')).toBeUndefined(); // narrow no-break space
  });

  it('normalises to NFC, so the same name typed two ways is one name', () => {
    expect(normaliseText('Zoe\u0308')).toBe('Zo\u00eb');
    expect(normaliseText('Zo\u00eb')).toBe('Zo\u00eb');
  });
});

describe(findTextFault.name, () => {
  it('names the first string at fault by its path, in objects and arrays', () => {
    expect(findTextFault({ reason: 'a\u0000b' })).toEqual({ path: 'reason', message: 'must not contain NUL characters' });
    expect(findTextFault({ details: { ok: 'fine', reason: 'x\u202ey' } })).toEqual({ path: 'details.reason', message: 'must not contain bidirectional override characters' });
    expect(findTextFault({ list: ['ok', 'bad\u0001'] })).toEqual({ path: 'list[1]', message: 'must not contain control characters' });
    expect(findTextFault('a\u0000')).toEqual({ path: '(body)', message: 'must not contain NUL characters' });
    expect(findTextFault({ n: 1, b: true, z: null, s: 'fine' })).toBeUndefined();
  });

  it('checks keys, showing a bad key escaped', () => {
    expect(findTextFault({ outer: { 'a\u0000': 1 } })).toEqual({ path: 'outer.a\\u0000', message: 'has a name that must not contain NUL characters' });
  });

  it('lets long text hold line breaks where the caller says it is long', () => {
    expect(findTextFault({ reason: 'line one\nline two' }, isLongTextPath)).toBeUndefined();
    expect(findTextFault({ givenName: 'Sam\nEvil' }, isLongTextPath)).toEqual({ path: 'givenName', message: 'must not contain control characters' });
  });
});

describe(isLongTextPath.name, () => {
  it('knows reasons, notes and messages, wherever they are', () => {
    for (const path of ['message', 'reason', 'details.reason', 'cancelReason', 'note', 'notes', 'notes[0]', 'x.clinicalNotes[2][1]', 'handoverNote']) {
      expect({ path, long: isLongTextPath(path) }).toEqual({ path, long: true });
    }
  });

  it('treats every other field as short text', () => {
    for (const path of ['givenName', 'familyName', 'reasonable', 'treason', 'prisonCode', 'notable', 'reason.code', 'messages', 'messageId', '']) {
      expect({ path, long: isLongTextPath(path) }).toEqual({ path, long: false });
    }
  });
});

describe(normaliseTextIn.name, () => {
  it('normalises every string and key, leaving other values as they are', () => {
    const date = new Date(0);
    expect(normaliseTextIn({ 'Zoe\u0308': ['Zoe\u0308', 1, true, null], nested: { name: 'Zoe\u0308' }, date })).toEqual({
      'Zo\u00eb': ['Zo\u00eb', 1, true, null],
      nested: { name: 'Zo\u00eb' },
      date,
    });
  });

  it('keeps a `__proto__` key a plain key, never the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const normalised = normaliseTextIn(parsed);
    expect(Object.keys(normalised)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(normalised)).toBe(Object.prototype);
  });

  it('normalises a parsed query string, which has no prototype', () => {
    const query = Object.assign(Object.create(null) as Record<string, unknown>, { q: 'Zoe\u0308' });
    expect(normaliseTextIn(query)).toEqual({ q: 'Zo\u00eb' });
  });
});
