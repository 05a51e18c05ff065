/**
 * Runs the test files slowest first, by the seconds each took in the last recorded run
 * (test/file-seconds.json, written by `npm run test:times -- --write`). With several jest
 * workers the long files then start at once and the short ones fill in around them, so the
 * run ends near the longest file's time instead of waiting for it at the end. On a clean clone
 * jest has no cache of its own durations and would order by file size.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Sequencer from '@jest/test-sequencer';

const root = path.resolve(import.meta.dirname, '..');

function recordedSeconds() {
  try {
    return JSON.parse(readFileSync(path.join(root, 'test', 'file-seconds.json'), 'utf8'));
  } catch {
    return {};
  }
}

export default class SlowestFirstSequencer extends Sequencer {
  sort(tests) {
    const seconds = recordedSeconds();
    // A file not yet recorded is new and likely end to end: it goes among the slower ones.
    const of = (test) => seconds[path.relative(root, test.path)] ?? 30;
    return [...tests].sort((a, b) => of(b) - of(a) || a.path.localeCompare(b.path));
  }
}
