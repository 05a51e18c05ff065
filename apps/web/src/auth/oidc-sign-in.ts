/**
 * OpenID Connect sign-in for production: the authorisation code flow with PKCE (openid-client),
 * against the identity provider whose access tokens the API verifies. The access token it
 * returns is the bearer the web app sends to the API for this person; their organisation and
 * roles are the token's own claims, as the API reads them.
 */
import { BadRequestException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WebConfig } from '../web-config';
import { SignInAttempts } from './sign-in-attempt';
import type { SignedIn } from './signed-in';

type Oidc = typeof import('openid-client');

const isLoopback = (host: string) => host === '127.0.0.1' || host === '[::1]' || host === 'localhost';

@Injectable()
export class OidcSignIn {
  private readonly logger = new Logger(OidcSignIn.name);
  /** openid-client is an ES module; loaded on first use (never in development or tests). */
  private client?: Promise<{ oidc: Oidc; configuration: Awaited<ReturnType<Oidc['discovery']>> }>;
  private readonly attempts: SignInAttempts;

  constructor(@Inject(WebConfig) private readonly config: WebConfig) {
    this.attempts = new SignInAttempts(config);
  }

  /**
   * The provider's configuration, discovered once. A failed discovery is not kept: the next
   * sign-in tries again, so a provider that was away for a moment does not stop sign-in until
   * a restart; meanwhile the person is told the service is not answering (503), not shown a 500.
   */
  private discover() {
    this.client ??= (async () => {
      const oidc = await import('openid-client');
      const issuer = new URL(this.config.WEB_OIDC_ISSUER!);
      // Plain HTTP only to an identity provider on this machine, and never in production (a stand-in for tests).
      const insecure = issuer.protocol === 'http:' && isLoopback(issuer.hostname) && this.config.NODE_ENV !== 'production';
      const configuration = await oidc.discovery(issuer, this.config.WEB_OIDC_CLIENT_ID!, this.config.WEB_OIDC_CLIENT_SECRET, undefined, insecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
      return { oidc, configuration };
    })().catch((err: unknown) => {
      this.client = undefined;
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not reach the identity provider');
      throw new ServiceUnavailableException('The identity provider is not answering');
    });
    return this.client;
  }

  /** Where to send the person to sign in; the PKCE verifier and state wait in a short-lived cookie, not a session. */
  async start(res: Response): Promise<string> {
    const { oidc, configuration } = await this.discover();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.WEB_OIDC_REDIRECT_URI!,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    await this.attempts.write(res, { verifier, state });
    return url.href;
  }

  /** The person back from the identity provider, with their token checked against the PKCE verifier and state of the attempt this browser began. */
  async finish(req: Request, res: Response): Promise<SignedIn> {
    const pending = await this.attempts.read(req);
    this.attempts.clear(res);
    if (!pending) throw new SignInNotCompleted('no sign-in under way in this browser');
    const { oidc, configuration } = await this.discover();
    const current = new URL(req.originalUrl, this.config.WEB_OIDC_REDIRECT_URI);
    const tokens = await oidc.authorizationCodeGrant(configuration, current, { pkceCodeVerifier: pending.verifier, expectedState: pending.state }).catch((err: unknown) => {
      // The provider's own refusal, or an answer that does not match this session (state, code): start again.
      if (err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError || (err as { code?: string })?.code?.startsWith('OAUTH_')) {
        throw new SignInNotCompleted((err as Error).message);
      }
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not complete a sign-in with the identity provider');
      throw new ServiceUnavailableException('The identity provider is not answering');
    });
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string; name?: string; org?: string; roles?: string[] };
    return { token: tokens.access_token, sub: claims.sub, name: claims.name ?? 'Signed in', org: claims.org ?? '', orgName: claims.org ?? '', role: claims.roles?.[0] ?? '' };
  }
}

/** A callback that does not complete a sign-in begun in this session: the person starts again. */
export class SignInNotCompleted extends BadRequestException {}
