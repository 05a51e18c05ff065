/**
 * A prison's past imports as its page shows them: when each list was sent and by whom, in
 * words, how it stands and how its rows came out. Pure, so it is tested alone.
 */
import type { Schemas } from '../api/api-paths';
import { instantInWords } from '../common/view-filters';

export interface ImportInWords {
  href: string;
  /** "10:41am on Friday 8 January 2027" */
  sentAt: string;
  sentBy: string;
  state: string;
  tagClass: string;
  rows: number;
  created: number;
  duplicate: number;
  invalid: number;
}

export function importInWords(sent: Pick<Schemas['ImportSummaryDto'], 'id' | 'createdAt' | 'sentBy' | 'state' | 'total' | 'counts'>): ImportInWords {
  const done = sent.state === 'done';
  return {
    href: `/releases/imports/${sent.id}`,
    sentAt: instantInWords(new Date(sent.createdAt)),
    sentBy: sent.sentBy,
    state: done ? (sent.counts.invalid > 0 ? 'Finished: rows to correct' : 'Finished') : 'Registering',
    tagClass: done ? (sent.counts.invalid > 0 ? 'govuk-tag--orange' : 'govuk-tag--green') : 'govuk-tag--blue',
    rows: sent.total,
    created: sent.counts.created,
    duplicate: sent.counts.duplicate,
    invalid: sent.counts.invalid,
  };
}
