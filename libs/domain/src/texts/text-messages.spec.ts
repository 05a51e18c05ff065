import { renderText, revealingWord, TEXT_KINDS, TEXT_TEMPLATES, textPersonalisation, TextPlace, WORDS_NO_TEXT_MAY_HOLD } from '..';

const places: Array<TextPlace | undefined> = [
  { channel: 'in-person', name: 'Forward Leeds Harehills', address: '3 Sample Road, Leeds, LS8 5ZZ' },
  { channel: 'telephone' },
  { channel: 'video' },
  undefined,
];

describe('the texts to the person', () => {
  it.each(TEXT_KINDS)('the %s text, rendered for every kind of place, names nothing that says what the appointment is for', (kind) => {
    for (const place of places) {
      const personalisation = textPersonalisation(kind, { service: 'Forward Leeds', phone: '0113 496 0123', appointmentAt: new Date('2027-01-08T10:30:00Z'), place });
      const text = renderText(kind, personalisation);
      expect(text).not.toMatch(/\(\(/);
      expect(revealingWord(text)).toBeUndefined();
    }
  });

  it('says the day and time in words, the place or that they will phone', () => {
    const at = new Date('2027-01-08T10:30:00Z');
    expect(renderText('booked', textPersonalisation('booked', { service: 'Forward Leeds', phone: '0113 496 0123', appointmentAt: at, place: places[0] }))).toBe(
      'You have an appointment with Forward Leeds on Friday 8 January 2027 at 10:30am. Go to Forward Leeds Harehills, 3 Sample Road, Leeds, LS8 5ZZ. If you cannot go, call 0113 496 0123.',
    );
    expect(renderText('reminder', textPersonalisation('reminder', { service: 'Forward Leeds', phone: '0113 496 0123', appointmentAt: at, place: { channel: 'telephone' } }))).toContain('They will phone you.');
    expect(renderText('missed', textPersonalisation('missed', { service: 'Forward Leeds', phone: '0113 496 0123' }))).toBe(
      'Forward Leeds missed you at your appointment. You can still come. Call 0113 496 0123 to arrange a new time.',
    );
  });

  it('finds each listed word in a text, and in its plural, whatever its case', () => {
    for (const word of WORDS_NO_TEXT_MAY_HOLD) expect(revealingWord(`Your ${word.toUpperCase()}S appointment`)).toBe(word);
    expect(revealingWord('Go to Birmingham Recovery Centre')).toBe('recovery');
    expect(revealingWord('Go to Sandrugby Road')).toBeUndefined(); // not at the start of a word
  });

  it('has one template per kind', () => {
    expect(Object.keys(TEXT_TEMPLATES).sort()).toEqual([...TEXT_KINDS].sort());
  });
});
