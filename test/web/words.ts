/** "12 March 2027": dates as the pages write them, computed here apart from the app's own filter. */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function dateInWordsForTest(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "Friday 12 March 2027": a day as error messages and notes write it. */
export function dayInWordsForTest(date: string): string {
  const weekday = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][new Date(`${date}T12:00:00Z`).getUTCDay()];
  return `${weekday} ${dateInWordsForTest(date)}`;
}

/** "March 2027" */
export function monthInWordsForTest(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return `${MONTHS[number - 1]} ${year}`;
}

/** A task type as the pages write it: `referral-acceptance` → "Referral acceptance". */
export function taskTypeForTest(type: string): string {
  return ({ 'ost-bridging': 'OST bridging', 'gp-registration': 'GP registration', 're-referral': 'Re-referral', 're-engagement': 'Re-engagement' } as Record<string, string>)[type] ?? `${type[0].toUpperCase()}${type.slice(1).replace(/-/g, ' ')}`;
}
