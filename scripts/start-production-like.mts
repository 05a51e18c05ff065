/**
 * `npm run start:production-like`: the production topology on this machine (lib/production-like):
 * PostgreSQL ($DATABASE_URL, else an embedded one on 54339 with data in .data/production-like),
 * the real Temporal server on it, two APIs (3100 and 3101) and two workers, NODE_ENV=production,
 * keys generated into .data/production-like/keys.json on the first start. Ctrl-C stops it all.
 *
 * Started with an IPC channel (the fault suite does), it runs on free ports in the data
 * directory it is given, keeps the processes' output to itself, and takes orders: kill a
 * process (SIGKILL, or SIGTERM to stop it as a deploy does), start it again (with changed
 * environment, as a deploy would), shut PostgreSQL down immediately or start it again.
 */
import exitHook from 'async-exit-hook';
import path from 'node:path';
import { portInUse } from './lib/processes.mts';
import { freeTopologyPorts, startProductionLike } from './lib/production-like.mts';
import type { ProcessName, ProductionLike, ProductionLikeOptions } from './lib/production-like.mts';
import { DEFAULT_TEMPORAL_SERVER_PORTS } from './lib/temporal-production-server.mts';

const root = path.resolve(import.meta.dirname, '..');
const controlled = typeof process.send === 'function';

/** An order from the process that started this one, and the answer it gets. */
type Order =
  | { id: number; op: 'kill'; name: ProcessName; signal?: NodeJS.Signals }
  | { id: number; op: 'start'; name: ProcessName; env?: Record<string, string> }
  | { id: number; op: 'postgres-stop' | 'postgres-start' | 'stop' };

async function options(): Promise<ProductionLikeOptions> {
  if (controlled) {
    const dataDir = process.env.PRODUCTION_LIKE_DATA_DIR;
    if (!dataDir) throw new Error('PRODUCTION_LIKE_DATA_DIR is required when controlled');
    return { dataDir, ...(await freeTopologyPorts()), quiet: true };
  }
  const apiPorts: [number, number] = [Number(process.env.PORT ?? 3100), Number(process.env.SECOND_PORT ?? 3101)];
  const options: ProductionLikeOptions = {
    dataDir: path.join(root, '.data', 'production-like'),
    databaseUrl: process.env.DATABASE_URL,
    embeddedPostgresPort: Number(process.env.EMBEDDED_PG_PORT ?? 54339),
    apiPorts,
    jwksPort: Number(process.env.JWKS_PORT ?? 3109),
    temporalPorts: DEFAULT_TEMPORAL_SERVER_PORTS,
  };
  const ports = [...apiPorts, options.jwksPort, ...Object.values(options.temporalPorts), ...(options.databaseUrl ? [] : [options.embeddedPostgresPort])];
  for (const port of ports) if (await portInUse(port)) throw new Error(`Port ${port} is taken (is \`npm start\` running? Its Temporal dev server uses 7233)`);
  return options;
}

function send(message: object): void {
  process.send?.(message);
}

function obey(topology: ProductionLike): void {
  process.on('message', async (order: Order) => {
    try {
      if (order.op === 'kill') await topology.kill(order.name, order.signal);
      else if (order.op === 'start') await topology.start(order.name, order.env);
      else if (order.op === 'postgres-stop') await topology.postgres!.shutDownImmediately();
      else if (order.op === 'postgres-start') await topology.postgres!.start();
      else if (order.op === 'stop') await topology.stop();
      send({ type: 'reply', id: order.id, ok: true, pids: topology.pids(), temporalStartTimes: topology.temporalStartTimes });
      if (order.op === 'stop') process.exit(0);
    } catch (err) {
      send({ type: 'reply', id: order.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
  // The one who started this keeps it alive; without it, nothing is left to stop the processes.
  process.on('disconnect', () => void topology.stop().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  let topology: ProductionLike | undefined;
  exitHook.forceExitTimeout(45_000);
  exitHook((done) => void (topology?.stop() ?? Promise.resolve()).then(done));
  topology = await startProductionLike(await options());
  if (controlled) {
    topology.onUnexpectedExit((name, code, signal) => send({ type: 'exit', name, code, signal, output: topology!.output(name).slice(-4000) }));
    obey(topology);
    send({
      type: 'ready',
      apiUrls: topology.apiUrls,
      temporalAddress: topology.temporalAddress,
      ownerDatabaseUrl: topology.ownerDatabaseUrl,
      appDatabaseUrl: topology.appDatabaseUrl,
      temporalStartTimes: topology.temporalStartTimes,
      pids: topology.pids(),
    });
    return;
  }
  topology.onUnexpectedExit((name, code, signal) => {
    console.error(`${name} exited (${signal ?? `code ${code}`}); stopping the rest.`);
    void topology!.stop().then(() => process.exit(1));
  });
  console.log(
    [
      '',
      'Throughcare, production-like (NODE_ENV=production), is running:',
      ...topology.apiUrls.map((url, i) => `  API ${i + 1}          ${url}/v1   (health: ${url}/health)`),
      `  Temporal       ${topology.temporalAddress}  (the Temporal server on PostgreSQL; no UI)`,
      `  PostgreSQL     ${new URL(topology.ownerDatabaseUrl).host}  (databases throughcare, temporal, temporal_visibility)`,
      '  Two workers on the task queue throughcare-pathways.',
      '  A token:       npm run -s token -- --production-like --org LEI --role prison-healthcare',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : `It stopped on an error that gave no reason (${String(err)}).`);
  if (controlled) send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
