/**
 * docs/benchmarks.md holds one section per benchmark; each benchmark rewrites only its own
 * (from its `## ` heading to the next), so running one leaves the others' figures alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FILE = path.resolve(import.meta.dirname, '..', '..', 'docs', 'benchmarks.md');
const PREAMBLE = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (every benchmark in bench/); each `npm run bench:<name>` rewrites its own section.',
  'Absolute figures vary with the machine and its neighbours; the ratio against the baseline',
  'measured in the same run is the figure to compare.',
  '',
].join('\n');

export function machine(): string {
  return `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function table(lines: Record<string, string>): string {
  return ['| measure | value |', '|---|---|', ...Object.entries(lines).map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** Replaces (or appends) the section headed `## ${heading}`. */
export function writeSection(heading: string, body: string): void {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : PREAMBLE;
  const sections = current.split(/^(?=## )/m);
  const rest = sections.filter((s) => s.startsWith('## '));
  const section = `## ${heading}\n\n${body.trim()}\n\n`;
  const index = rest.findIndex((s) => s.startsWith(`## ${heading}\n`));
  if (index >= 0) rest[index] = section;
  else rest.push(section);
  writeFileSync(FILE, `${PREAMBLE}\n${rest.join('')}`.replace(/\n{3,}/g, '\n\n'));
}
