/**
 * Who used the CPU that cpu-time.mts's meter leaves as "everything else": every process in
 * /proc, grouped (PostgreSQL's connections to this benchmark's database, to other databases,
 * its own background processes; any other program by
 * its name), and the kernel's time in interrupts and the time the hypervisor took (steal), which
 * no process is charged with. Processes the benchmark meters by pid are left out, as are this
 * process's own. A process that starts and ends between two readings is not seen. Figures in USER_HZ ticks (100 a second), as cpu-time.mts reads them.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface ProcessTimes {
  /** What the process is: its command line, or its name in brackets for a kernel thread. */
  command: string;
  /** Its own CPU seconds (user + system). */
  own: number;
}

/** Every process now, keyed by pid and start time (so a reused pid is another process). */
function processes(commands: Map<string, string>): Map<string, ProcessTimes> {
  const found = new Map<string, ProcessTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      const key = `${entry}:${fields[19]}`;
      let command = commands.get(key);
      // A PostgreSQL connection's title names its database once it has logged in: read again until it does.
      if (command === undefined || command.startsWith('postgres: ') && !/\(\d+\)/.test(command)) {
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(') '));
        command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() || `[${name}]`;
        commands.set(key, command);
      }
      found.set(key, { command, own: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

/** The kernel's interrupt time and the hypervisor's steal, all CPUs together, since boot. */
function unattributed(): { interrupts: number; steal: number } {
  const [, , , , , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return { interrupts: (irq + softirq) / TICKS_PER_SECOND, steal: steal / TICKS_PER_SECOND };
}

/** The group a process's CPU is counted in. */
function group(command: string, database: string): string {
  // A PostgreSQL connection's title: "postgres: <cluster>: <user> <database> <host>(<port>) <state>".
  const connection = /^postgres: (?:[^:]+: )?\S+ (\S+) \S+\(\d+\)/.exec(command);
  if (connection) return connection[1] === database ? "PostgreSQL, this benchmark's database" : 'PostgreSQL, other databases';
  if (command.startsWith('postgres: ')) return 'PostgreSQL, its own processes (checkpointer, WAL writer…)';
  if (/\/postgres -D /.test(command)) return 'PostgreSQL, its own processes (checkpointer, WAL writer…)';
  if (command.startsWith('[')) return 'kernel threads';
  const program = command.split(' ')[0].split('/').at(-1) ?? command;
  if (program === 'node' && /jest/.test(command)) return 'other programs: jest (tests)';
  return `other programs: ${program}`;
}

export interface OtherCpu {
  /** CPU seconds by group, largest first. */
  since(): Array<[string, number]>;
}

/** How often every process is read: a process that ends is counted as of its last reading. */
const SAMPLE_MS = 250;

/**
 * Reads every process now and every SAMPLE_MS; `since()` splits what they and the kernel used
 * afterwards by group, those that ended meanwhile (PostgreSQL's closed connections) included.
 * `excluded` are the pids metered already (and this process is always left out).
 */
export function otherCpuMeter(database: string, excluded: Array<number | undefined>): OtherCpu {
  const skip = new Set([process.pid, ...excluded.filter((p) => p !== undefined)].map(String));
  const commands = new Map<string, string>();
  const before = processes(commands);
  const last = new Map(before);
  const kernelBefore = unattributed();
  const sample = () => {
    for (const [key, now] of processes(commands)) last.set(key, now);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    since() {
      clearInterval(timer);
      sample();
      const kernelAfter = unattributed();
      const totals = new Map<string, number>();
      const add = (name: string, seconds: number) => seconds > 0 && totals.set(name, (totals.get(name) ?? 0) + seconds);
      for (const [key, now] of last) {
        if (skip.has(key.split(':')[0])) continue;
        // A process started meanwhile counts from nothing.
        add(group(now.command, database), now.own - (before.get(key)?.own ?? 0));
      }
      add('kernel, interrupts (loopback networking, mostly)', kernelAfter.interrupts - kernelBefore.interrupts);
      add('steal (the hypervisor ran something else)', kernelAfter.steal - kernelBefore.steal);
      return [...totals].sort((a, b) => b[1] - a[1]);
    },
  };
}
