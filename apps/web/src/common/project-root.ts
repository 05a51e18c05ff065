/** The repository's root, found from wherever this file runs (source under ts-jest, or dist/). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function projectRoot(from = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'throughcare') return dir;
  }
  throw new Error('The throughcare package.json was not found above ' + from);
}
