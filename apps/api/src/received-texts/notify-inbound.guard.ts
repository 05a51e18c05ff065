/**
 * Lets in GOV.UK Notify alone: the `Authorization: Bearer <token>` Notify was given for the
 * received-text callback (NOTIFY_INBOUND_TOKEN), compared in constant time. Without the setting
 * the route does not exist (404). A guard, so it refuses before the body is validated: a caller
 * without the token learns nothing of the body's shape.
 */
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Config } from '@throughcare/config';
import { problem, PROBLEMS } from '@throughcare/problem';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

@Injectable()
export class NotifyInboundGuard implements CanActivate {
  constructor(@Inject(Config) private readonly config: Config) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.NOTIFY_INBOUND_TOKEN;
    if (!expected) throw problem(PROBLEMS.notFound, 'Replies to texts are not taken here (NOTIFY_INBOUND_TOKEN is not set)');
    const [scheme, token, ...rest] = String(context.switchToHttp().getRequest<Request>().headers.authorization ?? '').split(' ');
    // Digests of equal length, so neither the token's length nor its first differing byte shows in the time taken.
    if (scheme !== 'Bearer' || !token || rest.length > 0 || !timingSafeEqual(digest(token), digest(expected))) {
      throw problem(PROBLEMS.unauthorized, "The bearer token is not the one set in GOV.UK Notify for received text messages");
    }
    return true;
  }
}
