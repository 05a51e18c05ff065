/**
 * Upcoming releases (prison healthcare): the prison's pathways by day of release (soonest or
 * latest first) or by when the prison's next task on each is due, as the person chooses, filtered by
 * status, a range of days (GOV.UK date inputs) and a search for a person, paged by the API's cursor. The query string
 * holds only the filters and the cursor, never who.
 */
import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { londonDateOf } from '@throughcare/domain';
import { ApiClient, ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { fieldErrorsFrom, FormErrors } from '../common/form-errors';
import { dateOf } from './register-release.controller';

const STATUSES = [
  { value: 'active', text: 'Active' },
  { value: 'registering', text: 'Registering' },
  { value: 'closed', text: 'Closed' },
  { value: 'failed', text: 'Failed' },
];
/** The orders a person can choose, as the API's `sort` takes them. */
const SORTS = [
  { value: 'release', text: 'Day of release, soonest first', caption: 'soonest first' },
  { value: '-release', text: 'Day of release, latest first', caption: 'latest first' },
  { value: 'due', text: 'Your next task due, soonest first', caption: 'your next task due soonest first' },
];
const RANGE = [
  { name: 'releaseFrom', legend: 'Released on or after' },
  { name: 'releaseTo', legend: 'Released on or before' },
] as const;

type Filters = Record<string, string | undefined>;

/** A date input's value: none when all three are empty, the ISO date when it is a real day, or false. */
export function dayFrom(filters: Filters, name: string): string | undefined | false {
  const parts = ['day', 'month', 'year'].map((p) => String(filters[`${name}-${p}`] ?? '').trim());
  if (parts.every((p) => p === '')) return undefined;
  if (!parts.every((p) => /^\d{1,4}$/.test(p))) return false;
  const iso = dateOf(filters, name);
  const [year, month, day] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? iso : false;
}

@Controller('releases')
@UseGuards(SignedInGuard)
export class UpcomingReleasesController {
  constructor(private readonly api: ApiClient) {}

  @Get()
  async upcoming(@CurrentPerson() person: SignedIn, @Query() query: Filters, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (person.role !== 'prison-healthcare') throw new ApiPageError(404);
    const flash = req.session.flash;
    delete req.session.flash;
    const filters: Filters = { ...query };
    const firstVisit = !('status' in query);
    if (firstVisit) {
      // Upcoming: open pathways from today on.
      const [year, month, day] = londonDateOf(new Date()).split('-');
      Object.assign(filters, { status: 'active', 'releaseFrom-day': String(Number(day)), 'releaseFrom-month': String(Number(month)), 'releaseFrom-year': year });
    }
    const status = STATUSES.find((s) => s.value === filters.status)?.value;
    const sort = SORTS.find((s) => s.value === filters.sort) ?? SORTS[0];
    const view = { flash, statuses: STATUSES, sorts: SORTS, sort, range: RANGE, filters: { ...filters, status: status ?? '', q: typeof filters.q === 'string' ? filters.q : '' } };
    const errors: FormErrors = { errors: {}, errorList: [] };
    const apiQuery = new URLSearchParams({ limit: '25', sort: sort.value });
    if (status) apiQuery.set('status', status);
    const search = typeof filters.q === 'string' ? filters.q : '';
    if (search.trim()) apiQuery.set('q', search);
    for (const { name, legend } of RANGE) {
      const day = dayFrom(filters, name);
      if (day === false) {
        const text = `${legend} must be a real date, for example 27 3 2027`;
        errors.errors[name] = { text };
        errors.errorList.push({ text, href: `#${name}-day` });
      } else if (day) apiQuery.set(name, day);
    }
    if (errors.errorList.length) return res.status(400).render('pages/releases/upcoming-releases', { ...view, pathways: [], ...errors });
    const cursor = typeof query.cursor === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(query.cursor) ? query.cursor : undefined;
    if (cursor) apiQuery.set('cursor', cursor);
    const answer = await this.api.call(person.token, 'GET', `/v1/pathways?${apiQuery}`);
    if (!answer.ok && answer.status === 400) return res.status(400).render('pages/releases/upcoming-releases', { ...view, pathways: [], ...fieldErrorsFrom(answer.body, { releaseFrom: 'releaseFrom-day', releaseTo: 'releaseTo-day', status: 'status', q: 'q' }) });
    if (!answer.ok) throw new ApiPageError(answer.status, answer.body);
    // The links keep the filters as given (only codes and dates) and add the API's cursor.
    const kept = new URLSearchParams();
    kept.set('status', status ?? '');
    kept.set('sort', sort.value);
    if (search.trim()) kept.set('q', search);
    for (const { name } of RANGE) for (const p of ['day', 'month', 'year']) kept.set(`${name}-${p}`, String(filters[`${name}-${p}`] ?? ''));
    const next = answer.body.nextCursor ? new URLSearchParams([...kept, ['cursor', String(answer.body.nextCursor)]]) : undefined;
    res.render('pages/releases/upcoming-releases', {
      ...view,
      pathways: answer.body.items,
      nextHref: next ? `/releases?${next}` : undefined,
      firstHref: cursor ? `/releases?${kept}` : undefined,
    });
  }
}
