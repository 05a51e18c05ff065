import { continuityRow, inlineSvg, lastTwelveMonths, monthFrom, monthInWords, stepRow } from './continuity-dashboard.controller';

describe('the continuity-of-care dashboard', () => {
  it('defaults to the twelve months to this one, across a new year', () => {
    expect(lastTwelveMonths('2026-12-03')).toEqual({ from: '2026-01', to: '2026-12' });
    expect(lastTwelveMonths('2027-02-28')).toEqual({ from: '2026-03', to: '2027-02' });
  });

  it('reads a month input: none when empty, YYYY-MM when real, else false', () => {
    expect(monthFrom({}, 'from')).toBeUndefined();
    expect(monthFrom({ 'from-month': '3', 'from-year': '2026' }, 'from')).toBe('2026-03');
    expect(monthFrom({ 'from-month': '13', 'from-year': '2026' }, 'from')).toBe(false);
    expect(monthFrom({ 'from-month': '3', 'from-year': '26' }, 'from')).toBe(false);
    expect(monthFrom({ 'from-month': '', 'from-year': '2026' }, 'from')).toBe(false);
  });

  it('inlines the API’s chart with its own ids and the page’s style nonce, and nothing that is not a plain SVG', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc"><title id="chart-title">T</title><desc id="chart-desc">D</desc><style>:where(.plot){}</style><g aria-hidden="true" aria-label="y-grid"></g></svg>';
    const inlined = inlineSvg(svg, 'steps-chart', 'abc=')!;
    expect(inlined).toContain('aria-labelledby="steps-chart-title steps-chart-desc"');
    expect(inlined).toContain('<title id="steps-chart-title">');
    expect(inlined).toContain('<desc id="steps-chart-desc">');
    expect(inlined).toContain('<style nonce="abc=">');
    expect(inlined).toContain('<g aria-hidden="true"></g>');
    expect(inlineSvg('<svg><script>alert(1)</script></svg>', 'x', 'n')).toBeUndefined();
    expect(inlineSvg('<svg><g onload="alert(1)"></g></svg>', 'x', 'n')).toBeUndefined();
    expect(inlineSvg('<svg><a href="https://example.com"><text>x</text></a></svg>', 'x', 'n')).toBeUndefined();
    expect(inlineSvg('<p>not a chart</p>', 'x', 'n')).toBeUndefined();
  });

  it('writes a month’s figures, its rate with the interval, and nothing of a suppressed group', () => {
    expect(monthInWords('2026-03')).toBe('March 2026');
    const figures = { people: 9, released: 6, engaged: 4, rate: 4 / 6, interval: { lower: 0.3, upper: 0.9 }, provisional: true, stillOpen: 2, excluded: { total: 1, returnedToCustody: 1, cancelled: 0 }, suppressed: false };
    expect(continuityRow('March 2026', figures).map((c) => c.text)).toEqual(['March 2026', '9', '6', '4', '66.7% (30.0% to 90.0%), provisional', '2', '1']);
    expect(continuityRow('April 2026', { ...figures, rate: null, interval: null, provisional: null }).map((c) => c.text)[4]).toBe('No outcome yet');
    const suppressed = { people: null, released: null, engaged: null, rate: null, interval: null, provisional: null, stillOpen: null, excluded: { total: null, returnedToCustody: null, cancelled: null }, suppressed: true };
    expect(continuityRow('May 2026', suppressed)).toEqual([{ text: 'May 2026' }, { text: 'Not shown: fewer than 5 people', colspan: 6 }]);
    expect(stepRow({ group: { step: 'referral-acceptance' }, due: 8, onTime: 6, shareOnTime: 0.75, lateness: { medianWorkingDays: 2, p90WorkingDays: 3 }, suppressed: false }).map((c) => c.text)).toEqual(['Referral acceptance', '8', '6', '25.0%', '2']);
  });
});
