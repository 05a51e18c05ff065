export * from './user';
export * from './token-verifier';
export * from './jwt-auth.guard';
export * from './current-user.decorator';
export * from './auth.module';
export * from './development-token';
