/** Every route needs a valid bearer token unless marked @Public(). */
import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { problem, PROBLEMS, ProblemException } from '@throughcare/problem';
import { IdentityProviderUnavailableError, InvalidTokenError, NoRoleError, TokenVerifier } from './token-verifier';
import { AuthenticatedUser } from './user';

const IS_PUBLIC = 'throughcare:public';
export const Public = () => SetMetadata(IS_PUBLIC, true);

export type AuthenticatedRequest = Request & { user?: AuthenticatedUser };

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Exactly `Bearer <token>`: a header with more after the token (`Bearer <token> <junk>`)
    // was read as its first token and let through (found by the generated bad-input suite).
    const [scheme, token, ...rest] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token || rest.length > 0) throw unauthorized('A bearer token is required');
    try {
      request.user = await this.verifier.verify(token);
      return true;
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthorized(err.message);
      if (err instanceof NoRoleError) throw problem(PROBLEMS.forbidden, err.message);
      if (err instanceof IdentityProviderUnavailableError) {
        throw problem(PROBLEMS.identityProviderUnavailable, `${err.message}; retry shortly`);
      }
      throw err;
    }
  }
}

function unauthorized(detail: string): ProblemException {
  return problem(PROBLEMS.unauthorized, detail);
}
