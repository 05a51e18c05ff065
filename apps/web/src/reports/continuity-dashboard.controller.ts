/**
 * The continuity-of-care dashboard, for whoever the API lets read the reports (commissioners,
 * healthcare teams, admins): the monthly rate against the national ambition as a line chart
 * and the share of each handover step not done on time as bars, each the API's server-drawn
 * SVG inlined in the page (no external URL, no script), each followed by a table of the same
 * figures from the JSON report for those who cannot see the picture. The period is whole
 * months of the day of release, chosen with a GET form; by default the twelve months to this one.
 */
import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { londonDateOf } from '@throughcare/domain';
import { ApiClient, ApiPageError, type ApiAnswer } from '../api/api-client';
import type { Schemas } from '../api/api-paths';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { fieldErrorsFrom, FormErrors } from '../common/form-errors';
import { taskTypeInWords } from '../common/view-filters';

/** The roles the API lets read the reports (apps/api access REPORT_READERS); the navigation links here for them only. */
export const REPORT_READERS = ['commissioner', 'prison-healthcare', 'community-treatment', 'admin'];

const PERIOD = [
  { name: 'from', legend: 'From' },
  { name: 'to', legend: 'To' },
] as const;

type Filters = Record<string, string | undefined>;

/** A month input (month and year): none when both are empty, `YYYY-MM` when it is a month the API reports on, or false. */
export function monthFrom(filters: Filters, name: string): string | undefined | false {
  const [month, year] = ['month', 'year'].map((p) => String(filters[`${name}-${p}`] ?? '').trim());
  if (month === '' && year === '') return undefined;
  if (!/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return false;
  const m = Number(month);
  const y = Number(year);
  return m >= 1 && m <= 12 && y >= 2000 && y <= 2099 ? `${year}-${String(m).padStart(2, '0')}` : false;
}

/** The twelve months to the one `today` (YYYY-MM-DD) falls in. */
export function lastTwelveMonths(today: string): { from: string; to: string } {
  const [year, month] = today.split('-').map(Number);
  const first = year * 12 + (month - 1) - 11;
  return { from: `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}`, to: today.slice(0, 7) };
}

/**
 * The API's SVG as it goes into the page: its title and description ids made the chart's own
 * (two charts share a page), its style element allowed by the page's CSP nonce, the names
 * Plot gives its groups left out. Anything but a
 * plain SVG (a script, an event handler, foreign content) is not inlined.
 */
export function inlineSvg(svg: string, idPrefix: string, nonce: string): string | undefined {
  const trimmed = svg.trim();
  if (!trimmed.startsWith('<svg') || /<script|<foreignObject|<iframe|\son[a-z]+\s*=|javascript:|\shref\s*=|xlink:href/i.test(trimmed)) return undefined;
  return trimmed
    .replace(/\bid="chart-(title|desc)"/g, `id="${idPrefix}-$1"`)
    .replace(/aria-labelledby="chart-title chart-desc"/, `aria-labelledby="${idPrefix}-title ${idPrefix}-desc"`)
    .replace(/<style(\s[^>]*)?>/g, `<style nonce="${nonce}">`)
    // Plot names its groups (aria-label on a g, which ARIA does not allow there); the picture is named once, by its title and description.
    .replace(/\saria-(label|description)="[^"]*"/g, '');
}

/** The reports' JSON as the contract describes it (ContinuityReportDto, HandoverStepsReportDto). */
type Figures = Schemas['ContinuityFiguresDto'];
type StepFigures = Schemas['StepFiguresDto'];

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const count = (n: number | null | undefined) => ({ text: n === null || n === undefined ? '–' : String(n), format: 'numeric' });

/** March 2026 */
export function monthInWords(month: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${month}-01T12:00:00Z`));
}

/** A row of the continuity table: people, settled outcomes, the rate with its interval, those still open and those left out. */
export function continuityRow(label: string, f: Omit<Figures, 'notEngaged'>): Array<Record<string, unknown>> {
  if (f.suppressed) return [{ text: label }, { text: 'Not shown: fewer than 5 people', colspan: 6 }];
  const rate = f.rate === null || f.rate === undefined ? 'No outcome yet' : `${percent(f.rate)}${f.interval ? ` (${percent(f.interval.lower)} to ${percent(f.interval.upper)})` : ''}${f.provisional ? ', provisional' : ''}`;
  return [{ text: label }, count(f.people), count(f.released), count(f.engaged), { text: rate, format: 'numeric' }, count(f.stillOpen), count(f.excluded.total)];
}

/** A row of the handover steps table, worst first as on the chart. */
export function stepRow(g: Pick<StepFigures, 'group' | 'suppressed' | 'due' | 'onTime' | 'shareOnTime' | 'lateness'>): Array<Record<string, unknown>> {
  const step = taskTypeInWords(String(g.group.step));
  if (g.suppressed) return [{ text: step }, { text: 'Not shown: fewer than 5 tasks due', colspan: 4 }];
  return [
    { text: step },
    count(g.due),
    count(g.onTime),
    { text: g.shareOnTime === null ? '–' : percent(1 - g.shareOnTime), format: 'numeric' },
    { text: g.lateness?.medianWorkingDays === null || g.lateness?.medianWorkingDays === undefined ? '–' : String(g.lateness.medianWorkingDays), format: 'numeric' },
  ];
}

@Controller('reports')
@UseGuards(SignedInGuard)
export class ContinuityDashboardController {
  constructor(private readonly api: ApiClient) {}

  @Get('continuity-of-care')
  async dashboard(@CurrentPerson() person: SignedIn, @Query() query: Filters, @Res() res: Response): Promise<void> {
    if (!REPORT_READERS.includes(person.role)) throw new ApiPageError(404);
    const filters: Filters = {};
    for (const { name } of PERIOD) for (const p of ['month', 'year']) filters[`${name}-${p}`] = typeof query[`${name}-${p}`] === 'string' ? query[`${name}-${p}`] : undefined;
    const defaults = lastTwelveMonths(londonDateOf(new Date()));
    const errors: FormErrors = { errors: {}, errorList: [] };
    const period: Record<string, string> = {};
    for (const { name, legend } of PERIOD) {
      const month = monthFrom(filters, name);
      if (month === false) {
        const text = `${legend} must be a real month, for example 3 2026`;
        errors.errors[name] = { text };
        errors.errorList.push({ text, href: `#${name}-month` });
      } else {
        period[name] = month ?? defaults[name];
        if (!month) Object.assign(filters, { [`${name}-month`]: String(Number(period[name].slice(5))), [`${name}-year`]: period[name].slice(0, 4) });
      }
    }
    const view = { period: PERIOD, filters };
    if (errors.errorList.length) return res.status(400).render('pages/reports/continuity-of-care', { ...view, ...errors });

    const range = new URLSearchParams(period);
    const [continuity, steps] = await Promise.all([
      this.api.call(person.token, 'GET', `/v1/reports/continuity-of-care?${range}&groupBy=month`),
      this.api.call(person.token, 'GET', `/v1/reports/handover-steps?${range}&groupBy=step`),
    ]);
    // A period the API refuses is said against its field; any other refusal is the error page.
    const refused = (answer: ApiAnswer<unknown>) => {
      if (answer.ok) return false;
      if (answer.status !== 400) throw new ApiPageError(answer.status, answer.body);
      res.status(400).render('pages/reports/continuity-of-care', { ...view, ...fieldErrorsFrom(answer.body, { from: 'from-month', to: 'to-month' }) });
      return true;
    };
    if (!continuity.ok || !steps.ok) return void (refused(continuity) || refused(steps));
    const [continuityChart, stepsChart] = await Promise.all([
      this.api.text(person.token, `/v1/reports/continuity-of-care.svg?${range}`, 'image/svg+xml'),
      this.api.text(person.token, `/v1/reports/handover-steps.svg?${range}`, 'image/svg+xml'),
    ]);
    const nonce = String(res.locals.cspNonce);
    const report = continuity.body;
    const stepGroups = steps.body.groups.slice().sort((a, b) => (a.shareOnTime ?? 2) - (b.shareOnTime ?? 2));
    res.render('pages/reports/continuity-of-care', {
      ...view,
      shown: true,
      from: monthInWords(report.from),
      to: monthInWords(report.to),
      ambition: percent(report.nationalAmbition),
      continuityChart: inlineSvg(continuityChart, 'continuity-chart', nonce),
      stepsChart: inlineSvg(stepsChart, 'steps-chart', nonce),
      continuityRows: [
        ...report.groups.map((g) => continuityRow(monthInWords(g.group.month), g.all)),
        ...(report.groups.length > 1 ? [continuityRow('All months', report.total.all)] : []),
      ],
      stepRows: stepGroups.map(stepRow),
    });
  }
}
