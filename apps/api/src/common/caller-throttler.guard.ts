/**
 * Rate limiting per caller, across every route: one bucket per signed-in person at their
 * organisation (the verified token's `org` and `sub`), not per route and not per address
 * (a prison's staff share one address). The throttler runs before authentication, so it
 * verifies the token itself; a request without a valid one is counted against its address,
 * so a flood of bad tokens is limited too. A forged token cannot spend someone else's bucket.
 */
import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { TokenVerifier } from '@throughcare/auth';
import { problem, PROBLEMS } from '@throughcare/problem';

@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    // As the auth guard reads it: exactly `Bearer <token>`, else the request is counted by address.
    const [scheme, token, ...rest] = String((req.headers as Record<string, unknown> | undefined)?.authorization ?? '').split(' ');
    if (scheme === 'Bearer' && token && rest.length === 0) {
      const user = await this.verifier.verify(token).catch(() => undefined);
      if (user) return `caller:${user.org}:${user.sub}`;
    }
    return `address:${await super.getTracker(req)}`;
  }

  /** The tracker alone: the same bucket whichever route is called. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return createHash('sha256').update(`${throttler}:${tracker}`).digest('base64url');
  }

  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    throw problem(PROBLEMS.tooManyRequests, `More than ${limit.limit} requests in a minute; retry after ${limit.timeToBlockExpire} s (Retry-After)`);
  }
}
