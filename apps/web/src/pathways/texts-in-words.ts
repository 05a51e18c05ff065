/**
 * The texts to the person, as the pathway page lists them: what each was about, when it goes
 * (or went), and what became of it, in words. The API shows them to healthcare teams only.
 */
import { dayInWords, timeInWords } from '../common/view-filters';

const KIND_IN_WORDS: Record<string, string> = {
  booked: 'Appointment booked',
  reminder: 'Reminder before the appointment',
  missed: 'After a missed appointment',
};

const STATE_IN_WORDS: Record<string, string> = {
  planned: 'Planned',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Not delivered',
  cancelled: 'Cancelled',
  'not-sent': 'Not sent',
};

const REASON_IN_WORDS: Record<string, string> = {
  'no-notify-key': 'no Notify key',
  'revealing-words': 'the service’s name or place would say what the appointment is for',
  'no-service-phone': 'the service has no public profile with a phone number',
  'no-consent': 'no mobile number, or the person does not agree to texts or withdrew',
  'rejected-by-notify': 'GOV.UK Notify refused the number',
  'too-late': 'too late, the appointment was too close or had passed when it was due to go',
  'technical-failure': 'a technical failure',
  'permanent-failure': 'the number may be wrong',
  'temporary-failure': 'the phone was off or out of signal',
  'appointment-moved': 'the appointment moved',
  'appointment-cancelled': 'the appointment was cancelled',
  'appointment-recorded': 'the appointment was recorded',
  'pathway-closed': 'the pathway closed',
  'returned-to-custody': 'the person returned to custody',
};

export interface TextInWords {
  about: string;
  when: string;
  state: string;
  /** Red for a text that did not reach the person, grey for one that will not be sent. */
  tagClass: string;
}

export function textsInWords(texts: Array<{ kind: string; dueAt: string; state: string; reason: string | null; sentAt: string | null }>): TextInWords[] {
  return texts.map((text) => {
    const at = new Date(text.sentAt ?? text.dueAt);
    const state = STATE_IN_WORDS[text.state] ?? 'Unknown';
    const reason = text.reason ? REASON_IN_WORDS[text.reason] : undefined;
    return {
      about: KIND_IN_WORDS[text.kind] ?? 'Text',
      when: `${dayInWords(at)}, ${timeInWords(at)}`,
      state: reason ? `${state}: ${reason}` : state,
      tagClass: text.state === 'failed' ? 'govuk-tag--red' : text.state === 'delivered' ? 'govuk-tag--green' : ['cancelled', 'not-sent'].includes(text.state) ? 'govuk-tag--grey' : 'govuk-tag--blue',
    };
  });
}
