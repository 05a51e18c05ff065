/**
 * A sign-in under way with the identity provider (its PKCE verifier and state), kept from the
 * redirect to the callback in a short-lived cookie rather than in a session: nothing is stored
 * for someone who has not signed in, so a flood of `GET /sign-in` stores nothing. The cookie is
 * encrypted (JWE, A256GCM, with a key derived from the session secret for this use only), so
 * nobody can read the verifier from it or make one this app would accept; it lasts ten minutes
 * and is used once.
 */
import { hkdfSync } from 'node:crypto';
import type { Request, Response } from 'express';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { WebConfig } from '../web-config';

export interface SignInAttempt {
  verifier: string;
  state: string;
}

/** Long enough to sign in at the provider, short enough that an abandoned attempt soon goes. */
const LIFETIME_SECONDS = 10 * 60;

export class SignInAttempts {
  private readonly key: Uint8Array;
  private readonly cookieName: string;
  private readonly secure: boolean;

  constructor(config: WebConfig) {
    this.key = new Uint8Array(hkdfSync('sha256', config.sessionSecret, 'throughcare-web', 'sign-in attempt', 32));
    this.secure = config.NODE_ENV === 'production';
    this.cookieName = this.secure ? '__Host-throughcare.sign-in' : 'throughcare.sign-in';
  }

  async write(res: Response, attempt: SignInAttempt): Promise<void> {
    const sealed = await new EncryptJWT({ verifier: attempt.verifier, state: attempt.state })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_SECONDS}s`)
      .encrypt(this.key);
    // Lax: the provider sends the browser back with a top-level GET, which carries it.
    res.cookie(this.cookieName, sealed, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/', maxAge: LIFETIME_SECONDS * 1000 });
  }

  /** The attempt this browser began, or undefined: none, expired, or not made by this app. */
  async read(req: Request): Promise<SignInAttempt | undefined> {
    const sealed = (req.cookies as Record<string, unknown> | undefined)?.[this.cookieName];
    if (typeof sealed !== 'string' || sealed === '') return undefined;
    try {
      const { payload } = await jwtDecrypt(sealed, this.key);
      return typeof payload.verifier === 'string' && typeof payload.state === 'string' ? { verifier: payload.verifier, state: payload.state } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Used once: gone whether the sign-in completed or not. */
  clear(res: Response): void {
    res.clearCookie(this.cookieName, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/' });
  }
}
