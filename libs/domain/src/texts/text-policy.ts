/**
 * When the person is texted about their first appointment: the policy's part that says it.
 * Offsets are the policy's one vocabulary (policy/offset.ts), from the appointment.
 */

/** A reminder before the appointment: `-1D` at `10:00` (the day before, at ten), or `-PT2H` (two hours before). */
export interface TextReminderRule {
  offset: string;
  /** London wall-clock time for a day offset, HH:mm; a duration offset keeps the time it lands on. */
  at?: string;
}

export interface TextPolicy {
  reminders: TextReminderRule[];
  /**
   * No text between these London times (HH:mm, `from` the evening, `to` the morning after).
   * Absent in fast test policies only, so they hold at any hour.
   */
  quietHours?: { from: string; to: string };
  /** A reminder the quiet hours would push closer than this to the appointment goes the evening before instead. */
  minimumLead: string;
  /** How long after sending the delivery state is first read from Notify (then twice as long each time). */
  statusCheck: string;
}

/** The default: 10:00 London on the day before and 2 hours before, never 20:00 to 08:00. */
export const DEFAULT_TEXT_POLICY: TextPolicy = {
  reminders: [{ offset: '-1D', at: '10:00' }, { offset: '-PT2H' }],
  quietHours: { from: '20:00', to: '08:00' },
  minimumLead: 'PT1H',
  statusCheck: 'PT5M',
};
