/**
 * The GOV.UK bank-holidays feed (https://www.gov.uk/bank-holidays.json), reduced to the
 * England and Wales list this project ships. Pure, so the refresh job's only I/O is the fetch.
 */
export interface GovUkFeed {
  'england-and-wales': { division: string; events: Array<{ title: string; date: string; notes?: string }> };
}

export interface ShippedHolidays {
  division: 'england-and-wales';
  source: string;
  retrieved: string;
  events: Array<{ date: string; title: string; substitute?: true }>;
}

export const GOV_UK_BANK_HOLIDAYS_URL = 'https://www.gov.uk/bank-holidays.json';

export function fromGovUkFeed(feed: GovUkFeed, retrieved: string): ShippedHolidays {
  const division = feed['england-and-wales'];
  if (!division || !Array.isArray(division.events) || division.events.length === 0) {
    throw new Error('The feed has no England and Wales events');
  }
  const events = division.events
    .filter((e) => /^\d{4}-\d{2}-\d{2}$/.test(e.date) && typeof e.title === 'string')
    .map((e) => ({ date: e.date, title: e.title, ...(/substitute/i.test(e.notes ?? '') ? { substitute: true as const } : {}) }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return { division: 'england-and-wales', source: GOV_UK_BANK_HOLIDAYS_URL, retrieved, events };
}
