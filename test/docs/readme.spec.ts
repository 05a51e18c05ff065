/**
 * The README is the front door: short, and every command and setting it (or the docs beside it)
 * names exists. A renamed script or setting fails here instead of misleading the next reader.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Every file of the product's own code, deployment and test support, where a setting must be read. */
function sourceText(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      const file = path.join(dir, name);
      if (statSync(path.join(ROOT, file)).isDirectory()) walk(file);
      else if (/\.(ts|mts|yml|yaml|sql)$/.test(name) && !name.endsWith('.spec.ts')) files.push(file);
    }
  };
  // test/ too, without its specs: the tests' own settings (RECORD_HISTORIES) are documented with the rest.
  for (const dir of ['apps', 'libs', 'workflows', 'scripts', 'deploy', 'test']) walk(dir);
  return [...files, 'docker-compose.yml', 'Dockerfile'].map(read).join('\n');
}

describe('the README and the docs beside it', () => {
  it('keeps the README under 250 lines, the rest in docs/', () => {
    expect(read('README.md').split('\n').length).toBeLessThan(250);
  });

  it.each(DOCS)('names only npm scripts that exist, in %s', (file) => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const named = [...read(file).matchAll(/npm run (?:-s )?([a-z][\w:-]*[a-z0-9])/g)].map((m) => m[1]);
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it.each(['README.md', 'docs/settings.md', 'docs/operations.md'])('names only settings the code reads, in %s', (file) => {
    const source = sourceText();
    const named = new Set([...read(file).matchAll(/[`$]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g)].map((m) => m[1]));
    expect([...named].filter((name) => !source.includes(name))).toEqual([]);
  });
});
