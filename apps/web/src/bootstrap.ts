/**
 * Builds the web app: GOV.UK Frontend pages rendered on the server with Nunjucks, sessions in
 * PostgreSQL (stored only once someone signs in), CSRF protection on every form, a rate limit
 * per address (web.module.ts), and a Content Security Policy that allows only
 * the app's own assets (the one inline script, and a chart's inlined style, carry a per-request nonce). Shared by main.ts
 * and the browser tests, so both run the same app.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import nunjucks from 'nunjucks';
import pg from 'pg';
import { projectRoot } from './common/project-root';
import { levelLabel, organisationName } from './common/labels';
import { dateInWords, datesInWords, dayInWords, dueInWords, escalationReasonInWords, stateInWords, stateTagClass, taskTypeInWords, timeInWords } from './common/view-filters';
import { areaInWords, outcomeInWords } from './pathways/pathway-history';
import { WebConfig } from './web-config';
import { WebModule } from './web.module';

export async function createWebApp(config: WebConfig): Promise<{ app: NestExpressApplication; close: () => Promise<void> }> {
  const app = await NestFactory.create<NestExpressApplication>(WebModule.forRoot(config), { logger: ['error', 'warn'] });
  const root = projectRoot();
  const production = config.NODE_ENV === 'production';
  const govuk = path.join(root, 'node_modules', 'govuk-frontend', 'dist');
  const moj = path.join(root, 'node_modules', '@ministryofjustice', 'frontend');

  app.disable('x-powered-by');
  app.set('trust proxy', 1);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          // The nonce admits the style element of a chart the API drew, inlined by the dashboard.
          styleSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: production ? [] : null,
        },
      },
    }),
  );
  // GOV.UK Frontend's CSS expects its fonts and images under /assets.
  app.useStaticAssets(path.join(govuk, 'govuk', 'assets'), { prefix: '/assets', maxAge: '1d' });
  app.useStaticAssets(path.join(govuk, 'govuk'), { prefix: '/govuk', maxAge: '1d', index: false });
  app.useStaticAssets(path.join(moj, 'moj'), { prefix: '/moj', maxAge: '1d', index: false });
  app.useStaticAssets(path.join(root, 'node_modules', 'accessible-autocomplete', 'dist'), { prefix: '/accessible-autocomplete', maxAge: '1d', index: false });
  app.useStaticAssets(path.join(root, 'apps', 'web', 'assets'), { prefix: '/throughcare', maxAge: '1d', index: false });

  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 5, connectionTimeoutMillis: 5_000 });
  const PgStore = connectPgSimple(session);
  const sessionStore = new PgStore({ pool, tableName: 'web_sessions', createTableIfMissing: false, pruneSessionInterval: config.WEB_SESSION_PRUNE_SECONDS });
  app.use(cookieParser());
  // Forms are parsed here, before the CSRF check that reads their token (Nest adds its own parsers later, at init).
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(
    session({
      name: production ? '__Host-throughcare' : 'throughcare',
      secret: config.sessionSecret,
      store: sessionStore,
      resave: false,
      // Stored once someone signs in, never for a visitor who has not: 1,000 cookie-less requests
      // stored 1,000 rows kept for 8 hours. The sign-in form's CSRF token does not need one
      // (below), nor does a sign-in with the identity provider (sign-in-attempt.ts).
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: production, maxAge: config.WEB_SESSION_MINUTES * 60_000 },
    }),
  );
  const { doubleCsrfProtection, generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => config.sessionSecret,
    // A signed-in person's tokens are bound to their session. Before sign-in there is no stored
    // session (a new id each request), so the token is the signed double-submit cookie alone:
    // another site can neither read that cookie nor set it (SameSite, and __Host- in production).
    getSessionIdentifier: (req) => (req.session.user ? req.session.id : ''),
    cookieName: production ? '__Host-throughcare.csrf' : 'throughcare.csrf',
    cookieOptions: { sameSite: 'lax', secure: production, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    // A file upload's form is multipart, read only by its route (a bounded upload, after the
    // sign-in check): its token is checked there, once read, with this.
    if (req.method === 'POST' && req.path === '/releases/import' && req.is('multipart/form-data')) {
      res.locals.checkUploadCsrf = () => validateRequest(req);
      return next();
    }
    doubleCsrfProtection(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.csrfToken = generateCsrfToken(req, res);
    res.locals.user = req.session.user;
    res.locals.currentPath = req.path;
    // Pages hold personal data: never kept by a browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const env = nunjucks.configure([path.join(root, 'apps', 'web', 'views'), govuk, moj], { autoescape: true, express: app.getHttpAdapter().getInstance() });
  env.addFilter('dueInWords', (value: string) => dueInWords(value));
  env.addFilter('dateInWords', dateInWords);
  env.addFilter('timeInWords', (value: string) => timeInWords(new Date(value)));
  env.addFilter('taskType', taskTypeInWords);
  env.addFilter('level', levelLabel);
  env.addFilter('dayInWords', dayInWords);
  env.addFilter('datesInWords', datesInWords);
  env.addFilter('escalationReason', (value: string) => escalationReasonInWords(value));
  env.addFilter('stateTag', stateTagClass);
  env.addFilter('stateInWords', stateInWords);
  // The page's `orgNames` (organisation-names.interceptor.ts): nunjucks calls filters with the template's context as `this`.
  env.addFilter('orgName', function (this: { ctx: { orgNames?: Record<string, string> } }, code: string) {
    return organisationName(code, this.ctx.orgNames);
  });
  env.addFilter('outcomeInWords', outcomeInWords);
  env.addFilter('areaInWords', areaInWords);
  app.setViewEngine('njk');

  return {
    app,
    close: async () => {
      await app.close();
      // Stops its pruning timer, which would otherwise fire on the ended pool a quarter of an hour later.
      await sessionStore.close();
      await pool.end();
    },
  };
}
