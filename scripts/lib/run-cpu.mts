/**
 * Where a test run's CPU goes, beyond each file's own jest process (test/record-cpu.setup.ts):
 * jest with every process it started (its workers, the APIs and workers tests spawn, browsers),
 * counted once they have all ended; the long-lived services this script started; and the rest
 * of the machine, which is PostgreSQL's share when nothing else runs. `npm run test:times`
 * puts it at the head of docs/test-times.md.
 */
import { availableParallelism } from 'node:os';
import { endedChildrenCpuSeconds, machineBusySeconds, processCpuSeconds } from '../../bench/cpu-time.mts';

export interface RunCpu {
  /** Wall seconds from jest's start to its end. */
  seconds: number;
  cores: number;
  /** CPU seconds, by what used them. */
  cpu: Record<string, number | undefined>;
}

/** Starts counting now (call it just before jest starts); `since()` once jest has ended and been waited for. */
export function runCpuMeter(services: Record<string, number | undefined>): { since(): RunCpu } {
  const read = () => ({
    at: performance.now(),
    ended: endedChildrenCpuSeconds(),
    services: Object.fromEntries(Object.entries(services).map(([name, pid]) => [name, processCpuSeconds(pid)])),
    machine: machineBusySeconds(),
  });
  const before = read();
  const delta = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);
  return {
    since() {
      const after = read();
      const cpu: Record<string, number | undefined> = { 'jest and every process it started': delta(before.ended, after.ended) };
      for (const name of Object.keys(services)) cpu[name] = delta(before.services[name], after.services[name]);
      const counted = Object.values(cpu).reduce<number>((sum, s) => sum + (s ?? 0), 0);
      const machine = delta(before.machine, after.machine);
      cpu['everything else on the machine (PostgreSQL, when nothing else runs)'] = machine === undefined ? undefined : Math.max(0, machine - counted);
      return { seconds: (after.at - before.at) / 1000, cores: availableParallelism(), cpu };
    },
  };
}
