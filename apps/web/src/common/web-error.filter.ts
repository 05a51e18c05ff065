/**
 * Whole-page answers for what goes wrong: sign in again, "Page not found" (also for a
 * record the person may not see: the API answers 404 and so does the page, never a hint),
 * or GOV.UK's "Sorry, there is a problem with the service" without any detail of the error.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiPageError } from '../api/api-client';
import { SignInRequired } from '../auth/sign-in-required';

@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (error instanceof SignInRequired) return res.redirect(303, '/sign-in');
    if (error instanceof ApiPageError && error.status === 401) {
      req.session.destroy(() => res.redirect(303, '/sign-in'));
      return;
    }
    // csrf-csrf's refusal, as Nest passes it on from the middleware.
    if (error instanceof HttpException && error.getStatus() === 403 && /csrf/i.test(error.message)) {
      return res.status(403).render('pages/problem', { title: 'Your form could not be sent', message: 'Go back, reload the page and try again.' });
    }
    const status = error instanceof ApiPageError ? error.status : error instanceof HttpException ? error.getStatus() : 500;
    // The web app's rate limit per address (its Retry-After already set), or the API's per person.
    if (status === 429) return res.status(429).render('pages/problem', { title: 'Sorry, there have been too many requests', message: 'Wait a minute, then try again.' });
    if (status === 404 || status === 403) return res.status(404).render('pages/not-found');
    if (status >= 500 || status < 400) this.logger.error({ name: (error as Error)?.name, status, path: req.path }, 'page failed');
    // 503 stays 503 (a part away: try again); any other failure is the service's own, 500.
    res.status((status >= 400 && status < 500) || status === 503 ? status : 500).render('pages/problem', {
      title: 'Sorry, there is a problem with the service',
      message: status === 503 ? 'The service is not answering. Try again in a few minutes.' : 'Try again later.',
    });
  }
}
