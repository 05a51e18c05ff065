/**
 * Prints a bearer token signed with the local development key, or with --production-like the
 * key generated for `npm run start:production-like` (as its stand-in identity provider would).
 *   npm run -s token -- --org LEI --role prison-healthcare [--sub user-1] [--name "A Person"] [--production-like]
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { signDevelopmentToken } from '../libs/auth/src/development-token.ts';
import { readKeys, signProductionToken } from './lib/production-keys.mts';

const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    role: { type: 'string', multiple: true },
    sub: { type: 'string' },
    name: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
    'production-like': { type: 'boolean', default: false },
  },
});
if (!values.org || !values.role?.length) {
  console.error('usage: npm run -s token -- --org CODE --role ROLE [--role ROLE] [--sub ID] [--name NAME] [--ttl 8h] [--production-like]');
  process.exit(2);
}
const claims = { org: values.org, roles: values.role, sub: values.sub, name: values.name, ttl: values.ttl };
console.log(
  values['production-like']
    ? await signProductionToken(readKeys(path.resolve(import.meta.dirname, '..', '.data', 'production-like')), claims)
    : await signDevelopmentToken(claims),
);
