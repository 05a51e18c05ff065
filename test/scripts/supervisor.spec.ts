/**
 * The supervisor behind `npm start` (scripts/lib/supervisor.ts): the back-off it waits, the
 * line it says, and that it starts a real process again, and never once it is stopped.
 */
import { spawn } from 'node:child_process';
import { BackOff, inSeconds, nextDelay, restartLine, Run, runOf, supervise, Supervised } from '../../scripts/lib/supervisor';

const stopChild = (child: import('node:child_process').ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** A node process running `code`. */
const node = (code: string) => runOf(spawn(process.execPath, ['-e', code], { stdio: 'ignore' }), stopChild);

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the back-off between restarts', () => {
  const backOff: BackOff = { firstMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };

  it('waits 1 second first, doubles while the process keeps stopping, and never more than 30 seconds', () => {
    const waits: number[] = [];
    let last: number | undefined;
    for (let i = 0; i < 8; i++) waits.push((last = nextDelay(last, 500, backOff)));
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over at 1 second once a run has stayed up a minute', () => {
    expect(nextDelay(30_000, 59_999, backOff)).toBe(30_000);
    expect(nextDelay(30_000, 60_000, backOff)).toBe(1_000);
  });

  it('says what stopped, how, and when it starts again, in words', () => {
    expect(restartLine('worker', { code: 1, signal: null }, 2_000)).toBe('The worker stopped (exit code 1); starting it again in 2 seconds');
    expect(restartLine('API', { code: null, signal: 'SIGKILL' }, 1_000)).toBe('The API stopped (killed by SIGKILL); starting it again in 1 second');
    expect(restartLine('Temporal dev server', new Error('port taken'), 4_000)).toBe('The Temporal dev server could not start (port taken); starting it again in 4 seconds');
    expect(inSeconds(1_500)).toBe('1.5 seconds');
  });
});

describe('supervise', () => {
  const fast: BackOff = { firstMs: 50, maxMs: 200, resetAfterMs: 60_000 };
  let supervised: Supervised | undefined;
  afterEach(() => supervised?.stop());

  it('starts a process that keeps stopping again, waiting longer each time', async () => {
    const lines: string[] = [];
    let starts = 0;
    supervised = await supervise({ label: 'worker', backOff: { ...fast, firstMs: 100, maxMs: 400 }, say: (l) => lines.push(l), start: async () => (starts++, node('process.exit(3)')) });
    await until('four restarts', () => starts >= 5);
    expect(lines.slice(0, 4)).toEqual([
      'The worker stopped (exit code 3); starting it again in 0.1 seconds',
      'The worker stopped (exit code 3); starting it again in 0.2 seconds',
      'The worker stopped (exit code 3); starting it again in 0.4 seconds',
      'The worker stopped (exit code 3); starting it again in 0.4 seconds',
    ]);
  });

  it('tries a start that failed again, and rejects a first start that fails', async () => {
    const lines: string[] = [];
    let starts = 0;
    supervised = await supervise({
      label: 'Temporal dev server',
      backOff: fast,
      say: (l) => lines.push(l),
      start: async () => {
        starts++;
        if (starts === 2) throw new Error('port taken');
        return node(starts === 1 ? 'process.exit(1)' : 'setTimeout(() => {}, 60000)');
      },
    });
    await until('the third start', () => starts === 3);
    expect(lines).toEqual([
      expect.stringMatching(/^The Temporal dev server stopped \(exit code 1\); starting it again in/),
      expect.stringMatching(/^The Temporal dev server could not start \(port taken\); starting it again in/),
    ]);
    await expect(supervise({ label: 'API', start: () => Promise.reject(new Error('no build')) })).rejects.toThrow('no build');
  });

  it('stops the running process and starts nothing after', async () => {
    const lines: string[] = [];
    let starts = 0;
    let child: import('node:child_process').ChildProcess | undefined;
    supervised = await supervise({
      label: 'API',
      backOff: fast,
      say: (l) => lines.push(l),
      start: async () => {
        starts++;
        child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
        return runOf(child, stopChild);
      },
    });
    await supervised.stop();
    expect(child!.signalCode).toBe('SIGTERM');
    expect(starts).toBe(1);
    expect(lines).toEqual([]);
  });

  it('starts nothing again while the whole system is stopping, nor after stop during a wait', async () => {
    let stopping = false;
    let starts = 0;
    const lines: string[] = [];
    supervised = await supervise({ label: 'web pages', backOff: { ...fast, firstMs: 60_000 }, say: (l) => lines.push(l), start: async () => (starts++, node('process.exit(1)')) });
    await until('the wait after the first stop', () => lines.length === 1);
    const stopped = Date.now();
    await supervised.stop(); // in the middle of a minute's wait
    expect(Date.now() - stopped).toBeLessThan(1_000);
    expect(starts).toBe(1);

    let run: Run | undefined;
    supervised = await supervise({ label: 'worker', backOff: fast, say: (l) => lines.push(l), mayRestart: () => !stopping, start: async () => (starts++, (run = node('setTimeout(() => process.exit(1), 100)'))) });
    stopping = true; // as Ctrl-C does, before this process's own stop comes in turn
    expect(await run!.exited).toEqual({ code: 1, signal: null });
    await supervised.stop();
    expect(starts).toBe(2);
    expect(lines).toHaveLength(1);
  });
});
