/**
 * Importing a prison's list of releases from a page (prison healthcare only): upload a CSV
 * file, follow the import (without JavaScript, a "Check progress" button reloads its page when
 * the person chooses: a page that refreshes itself fails WCAG 2.2.1, timing adjustable; with
 * JavaScript it updates in place), then read each row's result, an invalid row's messages in the registration form's
 * words. The API judges every row and registers the valid ones (docs/api-guide.md, lists).
 */
import { Controller, Get, Param, Post, Query, Req, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { ApiPageError } from '../api/api-client';
import { CurrentPerson, type SignedIn } from '../auth/signed-in';
import { SignedInGuard } from '../auth/sign-in-required';
import { ImportsApi } from './imports-api';
import { importInWords } from './import-history';
import { importProgress, rowsInWords } from './import-rows';
import { templateColumns, templateCsv } from './release-list-template';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The API takes a list of up to 6 MB (list-body.ts). */
const MAX_FILE_BYTES = 6 * 1024 * 1024;

interface UploadedCsv {
  originalname: string;
  buffer: Buffer;
  size: number;
}

@Controller('releases')
@UseGuards(SignedInGuard)
export class ReleaseImportController {
  constructor(private readonly imports: ImportsApi) {}

  @Get('import')
  form(@CurrentPerson() person: SignedIn, @Res() res: Response): void {
    prisonOnly(person);
    res.render('pages/imports/upload', { columns: templateColumns(person.org) });
  }

  @Get('import/template.csv')
  template(@CurrentPerson() person: SignedIn, @Res() res: Response): void {
    prisonOnly(person);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="releases-template.csv"');
    res.send(templateCsv());
  }

  /** The form is multipart: its CSRF token is checked here, once the upload is read (bootstrap.ts). */
  @Post('import')
  @UseInterceptors(FileInterceptor('list', { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5 } }))
  async upload(@CurrentPerson() person: SignedIn, @UploadedFile() file: UploadedCsv | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const checkCsrf = res.locals.checkUploadCsrf as (() => boolean) | undefined;
    if (!checkCsrf?.()) {
      res.status(403).render('pages/problem', { title: 'Your form could not be sent', message: 'Go back, reload the page and try again.' });
      return;
    }
    prisonOnly(person);
    const refuse = (text: string) => res.status(400).render('pages/imports/upload', { columns: templateColumns(person.org), errors: { list: { text } }, errorList: [{ text, href: '#list' }] });
    if (!file || file.size === 0) return refuse(file ? 'The selected file is empty' : 'Select a CSV file of releases');
    if (!/\.csv$/i.test(file.originalname)) return refuse('The selected file must be a CSV');
    const answer = await this.imports.send(person.token, file.buffer);
    if (answer.status === 400) return refuse(fileFault(answer.body));
    if (answer.status !== 202) throw new ApiPageError(answer.status, answer.body);
    req.session.flash = 'List sent';
    req.session.save(() => res.redirect(303, `/releases/imports/${answer.body.id}`));
  }

  /** The prison's past imports, newest first, each linking to its own page. */
  @Get('imports')
  async history(@CurrentPerson() person: SignedIn, @Query('cursor') cursor: unknown, @Res() res: Response): Promise<void> {
    prisonOnly(person);
    // The API's cursor as it issued it; anything else is the first page.
    const after = typeof cursor === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? cursor : undefined;
    const page = await this.imports.history(person.token, after);
    res.render('pages/imports/history', {
      imports: page.items.map(importInWords),
      nextHref: page.nextCursor ? `/releases/imports?${new URLSearchParams({ cursor: page.nextCursor })}` : undefined,
      firstHref: after ? '/releases/imports' : undefined,
    });
  }

  @Get('imports/:id')
  async progress(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    prisonOnly(person);
    if (!UUID.test(id)) throw new ApiPageError(404);
    const view = await this.imports.read(person.token, id);
    const flash = req.session.flash;
    req.session.flash = undefined;
    const rows = rowsInWords(view.rows ?? [], person.orgName);
    res.render('pages/imports/import', {
      id,
      flash,
      ...importProgress(view),
      total: view.total,
      problems: rows.filter((r) => r.messages.length > 0),
      registered: rows.filter((r) => r.pathwayId && r.messages.length === 0),
    });
  }

  /** The state alone, for the page's script to update it in place. */
  @Get('imports/:id/progress')
  async progressJson(@CurrentPerson() person: SignedIn, @Param('id') id: string, @Res() res: Response): Promise<void> {
    prisonOnly(person);
    if (!UUID.test(id)) throw new ApiPageError(404);
    res.json(importProgress(await this.imports.read(person.token, id)));
  }
}

function prisonOnly(person: SignedIn): void {
  if (person.role !== 'prison-healthcare') throw new ApiPageError(404);
}

/**
 * A file the API refused whole: its first line, or the file itself. The API's words for these
 * are written for the person who made the file (which column, which line, what to change).
 */
function fileFault(problem: Record<string, unknown>): string {
  const errors = Array.isArray(problem.errors) ? (problem.errors as Array<{ field?: string; messages?: string[] }>) : [];
  const fault = errors.find((e) => e.field === '(header)' || e.field === '(body)');
  if (!fault?.messages?.length) return 'The file could not be read: use the template, saved as a CSV file';
  // A file without the template's first line: the API quotes every column name; the template says it better.
  if (fault.field === '(header)' && fault.messages.some((m) => m.startsWith('must be the first line'))) return 'The first line of the file must name the columns, as the template’s first line does';
  const subject = fault.field === '(header)' ? 'The first line of the file' : 'The file';
  return `${subject} ${fault.messages.join('; ')}`;
}
