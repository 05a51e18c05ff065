/** The little of `oidc-provider` (an ES module without types) the sign-in test uses. */
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: { findAccount(ctx: unknown, sub: string): Promise<Account> } & Record<string, unknown>);
    listen(port: number, host: string): Server;
  }
}
