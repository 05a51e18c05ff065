/**
 * Prints a bearer token signed with the local development key.
 *   npm run -s token -- --org LEI --role prison-healthcare [--sub user-1] [--name "A Person"]
 */
import { parseArgs } from 'node:util';
import { signDevelopmentToken } from '../libs/auth/src/development-token.ts';

const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    role: { type: 'string', multiple: true },
    sub: { type: 'string' },
    name: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  },
});
if (!values.org || !values.role?.length) {
  console.error('usage: npm run -s token -- --org CODE --role ROLE [--role ROLE] [--sub ID] [--name NAME] [--ttl 8h]');
  process.exit(2);
}
console.log(await signDevelopmentToken({ org: values.org, roles: values.role, sub: values.sub, name: values.name, ttl: values.ttl }));
