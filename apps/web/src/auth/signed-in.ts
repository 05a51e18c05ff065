/** Who is signed in, as the session holds it: their token for the API and what a page needs to know. */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export interface SignedIn {
  token: string;
  /** Who the API knows them as (their token's subject), so a page can say "you" of what they did. */
  sub?: string;
  name: string;
  org: string;
  orgName: string;
  role: string;
  /** The navigation's link to the public profiles this person may change, if any (the API's answer at sign-in). */
  profileLink?: { href: string; text: string };
}

declare module 'express-session' {
  interface SessionData {
    user?: SignedIn;
    /** A one-time message for the next page (a GOV.UK notification banner). */
    flash?: string;
  }
}

export const CurrentPerson = createParamDecorator((_: unknown, context: ExecutionContext): SignedIn | undefined => {
  return context.switchToHttp().getRequest<Request>().session?.user;
});
