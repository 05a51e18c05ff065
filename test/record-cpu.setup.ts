/**
 * Notes the CPU each test file's own jest process spent (its tests, and the API and worker
 * they start in process), for `npm run test:times`: the suite is bound by 2 cores, so a file's
 * CPU says more about the whole run's length than its seconds do. Lines go to
 * .data/test-cpu.jsonl, which `npm test` empties before each run, with the jest process's id
 * and its heap and resident size after the file: files in one process that keep growing it
 * show modules a file left reachable (each file loads its own copy of every module).
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const started = process.cpuUsage();

afterAll(() => {
  const used = process.cpuUsage(started);
  const file = path.relative(root, expect.getState().testPath ?? 'unknown');
  try {
    const memory = process.memoryUsage();
    const mib = (bytes: number) => Math.round(bytes / 1048576);
    const line = { file, cpuMs: Math.round((used.user + used.system) / 1000), pid: process.pid, heapMiB: mib(memory.heapUsed), rssMiB: mib(memory.rss) };
    appendFileSync(path.join(root, '.data', 'test-cpu.jsonl'), `${JSON.stringify(line)}\n`);
  } catch {
    // Only `npm test` makes .data; a bare jest run goes without the record.
  }
});
