/**
 * Where a benchmark's CPU goes, from Linux's /proc: each process's own CPU seconds and the
 * machine's busy seconds, so the part no process of ours used (PostgreSQL, mostly) shows too.
 * Figures are in clock ticks of USER_HZ, which Linux fixes at 100 for user space.
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; undefined off Linux or once it has gone. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) of this process's children that have ended and been waited for,
 * with everything they waited for in turn: a whole tree of processes once it has gone.
 */
export function endedChildrenCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // cutime and cstime, the 16th and 17th fields of the line.
    return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Busy CPU seconds of the whole machine, all CPUs together, since boot. */
export function machineBusySeconds(): number | undefined {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export interface CpuSplit {
  [component: string]: number | undefined;
}

/** Samples named processes and the machine now; `since()` gives the CPU seconds each used after. */
export function cpuMeter(pids: Record<string, number | undefined>): { since(): CpuSplit } {
  const read = () => ({
    processes: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid)])),
    machine: machineBusySeconds(),
    self: process.cpuUsage(),
  });
  const before = read();
  return {
    since() {
      const after = read();
      const split: CpuSplit = {};
      let ours = 0;
      for (const name of Object.keys(pids)) {
        const [a, b] = [before.processes[name], after.processes[name]];
        split[name] = a === undefined || b === undefined ? undefined : b - a;
        ours += split[name] ?? 0;
      }
      const self = (after.self.user + after.self.system - before.self.user - before.self.system) / 1e6;
      split['benchmark client'] = self;
      const machine = before.machine === undefined || after.machine === undefined ? undefined : after.machine - before.machine;
      split['everything else (PostgreSQL, mostly)'] = machine === undefined ? undefined : Math.max(0, machine - ours - self);
      return split;
    },
  };
}

/**
 * Each named process's CPU every second, as a share of one core: its busiest second shows a
 * process that one thread limits (a Node process near 1.0 while the machine has room).
 */
export function cpuSampler(pids: Record<string, number | undefined>): { stop(): Record<string, { mean: number; busiest: number }> } {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(pids).map((name) => [name, []]));
  let last = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid)]));
  const timer = setInterval(() => {
    const now = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid)]));
    for (const name of Object.keys(pids)) {
      const [a, b] = [last[name], now[name]];
      if (a !== undefined && b !== undefined) samples[name].push(b - a);
    }
    last = now;
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      return Object.fromEntries(
        Object.entries(samples).map(([name, s]) => [name, { mean: s.reduce((x, y) => x + y, 0) / Math.max(1, s.length), busiest: Math.max(0, ...s) }]),
      );
    },
  };
}
