/**
 * Keeps one local process running for `npm start` and `npm run start:production-like`: when it
 * stops on its own, it is started again after a wait that doubles from 1 s up to 30 s, and
 * starts over at 1 s once a run has stayed up a minute, so a process that crashes at once
 * does not spin and one that crashes now and then comes back quickly. Each restart is said
 * in a plain line. It owns no process of its own: `start` makes one, `Run.stop` ends it.
 *
 * A .ts file (not .mts), with nothing but types from Node, so jest can test it (test/scripts).
 */
import type { ChildProcess } from 'node:child_process';

export interface BackOff {
  firstMs: number;
  maxMs: number;
  /** A run that lasted this long starts the waits over from `firstMs`. */
  resetAfterMs: number;
}

export const DEFAULT_BACK_OFF: BackOff = { firstMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };

/** How a run ended. */
export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One start of the process: settles `exited` when it ends, however that happens. */
export interface Run {
  exited: Promise<Ended>;
  stop(): Promise<void>;
}

/** The wait before the next start, given the last wait (none yet: undefined) and how long the run lasted. */
export function nextDelay(lastDelayMs: number | undefined, upForMs: number, backOff: BackOff = DEFAULT_BACK_OFF): number {
  if (lastDelayMs === undefined || upForMs >= backOff.resetAfterMs) return backOff.firstMs;
  return Math.min(lastDelayMs * 2, backOff.maxMs);
}

export function inSeconds(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}

/** "The worker stopped (exit code 1); starting it again in 2 seconds". */
export function restartLine(label: string, what: Ended | Error, delayMs: number): string {
  const why =
    what instanceof Error ? `could not start (${what.message})` : what.signal ? `stopped (killed by ${what.signal})` : `stopped (exit code ${what.code})`;
  return `The ${label} ${why}; starting it again in ${inSeconds(delayMs)}`;
}

/** A run of a child process: `stopChild` ends it (politely, then by force). */
export function runOf(child: ChildProcess, stopChild: (child: ChildProcess) => Promise<void>): Run {
  const exited = new Promise<Ended>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { exited, stop: () => stopChild(child) };
}

export interface SuperviseOptions {
  /** Words for people: "worker", "API", "Temporal dev server". */
  label: string;
  start: () => Promise<Run>;
  /** A run already started (whose start said more than a Run can): supervised from now on. */
  running?: Run;
  backOff?: BackOff;
  say?: (line: string) => void;
  /** False while the whole system is stopping: nothing is started again then, even before `stop` is called. */
  mayRestart?: () => boolean;
}

export interface Supervised {
  /** Ends the run and any start still to come; nothing restarts after it is called. */
  stop(): Promise<void>;
}

/** Starts the process, unless `running`, and keeps it running; a failed first start rejects, for the caller to report. */
export async function supervise(options: SuperviseOptions): Promise<Supervised> {
  const backOff = options.backOff ?? DEFAULT_BACK_OFF;
  const say = options.say ?? console.log;
  let stopped = false;
  let current: Run | undefined = options.running ?? (await options.start());
  let startedAt = Date.now();
  let lastDelay: number | undefined;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const wanted = () => !stopped && (options.mayRestart?.() ?? true);

  const loop = (async () => {
    let ended: Ended | Error = await current!.exited;
    for (;;) {
      current = undefined;
      if (!wanted()) return;
      lastDelay = nextDelay(lastDelay, Date.now() - startedAt, backOff);
      say(restartLine(options.label, ended, lastDelay));
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, lastDelay);
      });
      if (!wanted()) return;
      startedAt = Date.now();
      try {
        current = await options.start();
      } catch (err) {
        ended = err instanceof Error ? err : new Error(String(err));
        continue;
      }
      // A start that finished while the system began to stop: end what it started.
      if (!wanted()) return void (await current.stop());
      ended = await current.exited;
    }
  })();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await current?.stop();
      await loop;
    },
  };
}
