import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';

/** Thrown where a page needs someone signed in; the error filter sends them to sign in. */
export class SignInRequired extends Error {}

/** Every page but sign-in needs a signed-in person. */
@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToHttp().getRequest<Request>().session?.user) throw new SignInRequired();
    return true;
  }
}
