/** The worker as a separate OS process (the built app), so a test can kill it like a crash would. */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Config } from '@throughcare/config';

const ROOT = path.resolve(__dirname, '../..');

/** The worker process; `worker.output()` (see workerOutput) is what it wrote to stdout. `env`: more of its environment. */
export async function spawnWorker(config: Config, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/worker/src/main.js')], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
      // As the suite's own config says (suiteConfig: once an hour unless a test asks).
      REGISTRATION_RECOVERY_SECONDS: String(config.REGISTRATION_RECOVERY_SECONDS),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The worker's own logs are kept, and shown only if it dies on its own.
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  outputs.set(child, () => stdout + stderr);
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && code !== 0) process.stderr.write(`worker exited with ${code}:\n${stderr}`);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not start polling within 30s')), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('polling task queue')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
  return child;
}

const outputs = new WeakMap<ChildProcess, () => string>();

/** What a worker started by spawnWorker has logged so far. */
export function workerOutput(child: ChildProcess): string {
  return outputs.get(child)?.() ?? '';
}

export function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
