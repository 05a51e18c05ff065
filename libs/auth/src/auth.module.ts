import { Module } from '@nestjs/common';
import { TokenVerifier } from './token-verifier';

/**
 * The token verifier. The app registers JwtAuthGuard as a global guard itself, in its place
 * after the rate limit (see the API's AppModule): Nest orders global guards by registration.
 */
@Module({
  providers: [TokenVerifier],
  exports: [TokenVerifier],
})
export class AuthModule {}
