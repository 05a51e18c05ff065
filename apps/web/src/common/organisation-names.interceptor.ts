/**
 * Gives every page of a signed-in person the organisations' names (`orgNames`), so templates
 * name an organisation with the `orgName` filter wherever the API gives its code.
 */
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, switchMap, type Observable } from 'rxjs';
import { OrganisationDirectory } from './organisation-directory';

@Injectable()
export class OrganisationNamesInterceptor implements NestInterceptor {
  constructor(private readonly directory: OrganisationDirectory) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const user = http.getRequest<Request>().session?.user;
    if (!user) return next.handle();
    const res = http.getResponse<Response>();
    return from(this.directory.names(user.token)).pipe(
      switchMap((names) => {
        res.locals.orgNames = names;
        return next.handle();
      }),
    );
  }
}
