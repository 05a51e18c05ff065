/**
 * Prints a bearer token signed with the local development key.
 *   npm run -s token -- --org LEI --role prison-healthcare [--sub user-1] [--name "A Person"]
 */
import { SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const key = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../libs/auth/src/development-key.json'), 'utf8'));
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
const token = await new SignJWT({ name: values.name ?? `${values.org} user`, org: values.org, roles: values.role })
  .setProtectedHeader({ alg: key.alg })
  .setSubject(values.sub ?? `${values.org.toLowerCase()}-user`)
  .setIssuer(key.issuer)
  .setAudience(key.audience)
  .setIssuedAt()
  .setExpirationTime(values.ttl)
  .sign(new TextEncoder().encode(key.secret));
console.log(token);
