/**
 * `npm run bench`: every benchmark in turn, each writing its own section of docs/benchmarks.md.
 * A benchmark whose target is missed exits non-zero; the rest still run, and the command exits
 * non-zero if any missed, after saying which.
 */
import { spawnSync } from 'node:child_process';

const BENCHMARKS = ['registrations', 'import', 'reports', 'reads', 'escalations', 'notifications', 'intake'];

const missed = BENCHMARKS.filter((name) => spawnSync('npm', ['run', '-s', `bench:${name}`], { stdio: 'inherit' }).status !== 0);
console.log(missed.length === 0 ? 'Every benchmark met its targets.' : `Targets missed (or the run failed) in: ${missed.join(', ')}. See docs/benchmarks.md.`);
process.exit(missed.length === 0 ? 0 : 1);
