/** The built API as a separate process: what `npm start` runs, with the Swagger plugin's metadata. */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Config } from '@throughcare/config';
import { freePort } from './free-port';

const ROOT = path.resolve(__dirname, '../..');

/** With `logLevel`, its logs are kept: `output()` is everything it wrote so far. */
export async function spawnApi(config: Config, logLevel?: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/main.js')], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE, LOG_LEVEL: logLevel ?? 'warn', ...env },
    stdio: logLevel ? ['ignore', 'pipe', 'pipe'] : 'ignore',
  });
  let written = '';
  child.stdout?.on('data', (chunk: Buffer) => (written += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const output = () => written;
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await fetch(`${url}/health`).then(() => true, () => false)) return { child, url, output };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the API did not start within 30s');
}
