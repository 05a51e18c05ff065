/**
 * The pages' client types are what docs/openapi.json generates: a change to the contract that
 * was not followed by `npm run openapi:types` (or `npm run openapi`, which writes both) fails here.
 * test/e2e/openapi checks docs/openapi.json against what the API serves.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../../..');

describe('the generated client types', () => {
  it('are what docs/openapi.json generates', () => {
    const generated = execFileSync(process.execPath, [path.join(root, 'node_modules/openapi-typescript/bin/cli.js'), 'docs/openapi.json'], { cwd: root, encoding: 'utf8' });
    const committed = readFileSync(path.join(root, 'apps/web/src/api/openapi.d.ts'), 'utf8');
    expect(generated === committed).toBe(true);
  });
});
