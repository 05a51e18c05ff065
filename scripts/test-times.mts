/**
 * `npm run test:times`: where the last `npm test` spent its time. Every `npm test` keeps jest's
 * JSON results in .data/test-results.json; this prints each test file's time, slowest first,
 * and the five slowest. `-- --write` also writes them to docs/test-times.md, so the next
 * person sees where the suite's minutes go without running it, and test/file-seconds.json, from
 * which jest's sequencer (test/slowest-first.sequencer.mjs) starts the slowest files first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunCpu } from './lib/run-cpu.mts';

const root = path.resolve(import.meta.dirname, '..');
export const RESULTS_FILE = path.join(root, '.data', 'test-results.json');
const CPU_FILE = path.join(root, '.data', 'test-cpu.jsonl');
const RUN_CPU_FILE = path.join(root, '.data', 'test-run-cpu.json');

interface JestFileResult {
  name: string;
  startTime: number;
  endTime: number;
  status: string;
  assertionResults: Array<{ status: string }>;
}
interface JestResults {
  startTime: number;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: JestFileResult[];
}

interface FileTime {
  file: string;
  seconds: number;
  /** CPU seconds of the file's own jest process (not Temporal's, PostgreSQL's or a browser's), if recorded. */
  cpu?: number;
  tests: number;
  status: string;
}

/** Each file's CPU as test/record-cpu.setup.ts noted it in the same run. */
function cpuByFile(): Map<string, number> {
  const cpu = new Map<string, number>();
  try {
    for (const line of readFileSync(CPU_FILE, 'utf8').split('\n').filter(Boolean)) {
      const { file, cpuMs } = JSON.parse(line) as { file: string; cpuMs: number };
      cpu.set(file, cpuMs / 1000);
    }
  } catch {
    // No record: the table goes without the column's figures.
  }
  return cpu;
}

function fileTimes(results: JestResults): FileTime[] {
  const cpu = cpuByFile();
  return results.testResults
    .map((r) => ({
      file: path.relative(root, r.name),
      seconds: (r.endTime - r.startTime) / 1000,
      cpu: cpu.get(path.relative(root, r.name)),
      tests: r.assertionResults.length,
      status: r.status,
    }))
    .sort((a, b) => b.seconds - a.seconds || a.file.localeCompare(b.file));
}

/** The whole run's CPU by what used it (scripts/lib/run-cpu.mts), if that run recorded it. */
function runCpuLines(): string[] {
  let run: RunCpu;
  try {
    run = JSON.parse(readFileSync(RUN_CPU_FILE, 'utf8')) as RunCpu;
  } catch {
    return [];
  }
  const known = Object.values(run.cpu).filter((s): s is number => s !== undefined);
  const total = known.reduce((sum, s) => sum + s, 0);
  return [
    '',
    `The whole run's CPU, ${total.toFixed(0)} s over jest's ${run.seconds.toFixed(0)} s on ${run.cores} cores (${(total / run.seconds).toFixed(2)} busy on average):`,
    '',
    '| what | CPU seconds |',
    '|---|---:|',
    ...Object.entries(run.cpu).map(([what, s]) => `| ${what} | ${s === undefined ? 'n/a' : s.toFixed(0)} |`),
  ];
}

function table(rows: FileTime[]): string[] {
  const cpu = (r: FileTime) => (r.cpu === undefined ? '' : r.cpu.toFixed(1));
  return ['| test file | tests | seconds | CPU seconds |', '|---|---:|---:|---:|', ...rows.map((r) => `| \`${r.file}\` | ${r.tests} | ${r.seconds.toFixed(1)} | ${cpu(r)} |`)];
}

function report(results: JestResults): string {
  const times = fileTimes(results);
  const wall = (Math.max(...results.testResults.map((r) => r.endTime)) - results.startTime) / 1000;
  const summed = times.reduce((sum, t) => sum + t.seconds, 0);
  const cpuSummed = times.reduce((sum, t) => sum + (t.cpu ?? 0), 0);
  return [
    '# Where the test suite spends its time',
    '',
    `Written by \`npm run test:times -- --write\` from the last \`npm test\`, run on ${new Date(results.startTime).toISOString().slice(0, 10)}:`,
    `${results.testResults.length} files, ${results.numTotalTests} tests (${results.numPassedTests} passed, ${results.numFailedTests} failed);`,
    `jest ${wall.toFixed(0)} s from its start to its last file's end, ${summed.toFixed(0)} s of files added up;`,
    `the files' own jest processes used ${cpuSummed.toFixed(0)} s of CPU (Temporal, PostgreSQL and browsers are not counted).`,
    ...runCpuLines(),
    '',
    '## The five slowest',
    '',
    ...table(times.slice(0, 5)),
    '',
    '## Every file',
    '',
    ...table(times),
    '',
  ].join('\n');
}

let results: JestResults;
try {
  results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as JestResults;
} catch {
  console.error(`No results in ${path.relative(root, RESULTS_FILE)}: run npm test first.`);
  process.exit(1);
}
const text = report(results);
if (process.argv.includes('--write')) {
  writeFileSync(path.join(root, 'docs', 'test-times.md'), text);
  const seconds = Object.fromEntries(fileTimes(results).map((t) => [t.file, Number(t.seconds.toFixed(1))]));
  writeFileSync(path.join(root, 'test', 'file-seconds.json'), `${JSON.stringify(seconds, null, 1)}\n`);
  console.log('Wrote docs/test-times.md and test/file-seconds.json');
} else {
  console.log(text);
}
