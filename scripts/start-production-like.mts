/**
 * `npm run start:production-like`: the production topology on this machine (lib/production-like):
 * PostgreSQL ($DATABASE_URL, else an embedded one on 54339 with data in .data/production-like),
 * the real Temporal server on it, two APIs (3100 and 3101) and two workers, NODE_ENV=production,
 * goaws on 4100 ($EVENTS_PORT) whose queue the workers consume HMPPS domain events from, and a
 * stand-in for HMPPS Auth and Prisoner Search (production refuses to consume events without one),
 * keys generated into .data/production-like/keys.json on the first start. A process that stops
 * on its own is started again after a back-off (lib/supervisor), with a line saying so; Ctrl-C
 * stops it all, and nothing restarts then.
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
import { supervise } from './lib/supervisor.ts';
import type { Run, Supervised } from './lib/supervisor.ts';

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
    eventsPort: Number(process.env.EVENTS_PORT ?? 4100),
    temporalPorts: DEFAULT_TEMPORAL_SERVER_PORTS,
  };
  const ports = [...apiPorts, options.jwksPort, options.eventsPort, ...Object.values(options.temporalPorts), ...(options.databaseUrl ? [] : [options.embeddedPostgresPort])];
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

const LABELS: Record<ProcessName, string> = { temporal: 'Temporal server', goaws: 'goaws (SNS/SQS)', 'api-1': 'first API', 'api-2': 'second API', 'worker-1': 'first worker', 'worker-2': 'second worker' };
const supervisors = new Map<ProcessName, Supervised>();
/** Set once Ctrl-C is pressed: from then on nothing is started again. */
let stopping: Promise<void> | undefined;

/** Restarts each process of the topology that stops on its own, as `npm start` does. */
async function superviseAll(topology: ProductionLike): Promise<void> {
  for (const name of Object.keys(LABELS) as ProcessName[]) {
    // SIGTERM: an orderly stop, in which a worker drains.
    const run = (): Run => ({ exited: topology.exited(name), stop: () => topology.kill(name, 'SIGTERM') });
    supervisors.set(name, await supervise({ label: LABELS[name], running: run(), start: async () => (await topology.start(name), run()), mayRestart: () => !stopping }));
  }
}

/** The APIs and workers together, then the Temporal server they drain against, then the rest of the topology. */
function stopAll(topology: ProductionLike | undefined): Promise<void> {
  stopping ??= (async () => {
    const report = (err: unknown) => console.error(err);
    await Promise.all([...supervisors].filter(([name]) => name !== 'temporal').map(([, supervised]) => supervised.stop().catch(report)));
    await supervisors.get('temporal')?.stop().catch(report);
    await topology?.stop();
  })();
  return stopping;
}

async function main(): Promise<void> {
  let topology: ProductionLike | undefined;
  exitHook.forceExitTimeout(45_000);
  exitHook((done) => void stopAll(topology).then(done));
  topology = await startProductionLike(await options());
  if (controlled) {
    topology.onUnexpectedExit((name, code, signal) => send({ type: 'exit', name, code, signal, output: topology!.output(name).slice(-4000) }));
    obey(topology);
    send({
      type: 'ready',
      apiUrls: topology.apiUrls,
      temporalAddress: topology.temporalAddress,
      events: topology.events,
      ownerDatabaseUrl: topology.ownerDatabaseUrl,
      appDatabaseUrl: topology.appDatabaseUrl,
      temporalStartTimes: topology.temporalStartTimes,
      pids: topology.pids(),
    });
    return;
  }
  await superviseAll(topology);
  console.log(
    [
      '',
      'Throughcare, production-like (NODE_ENV=production), is running:',
      ...topology.apiUrls.map((url, i) => `  API ${i + 1}          ${url}/v1   (health: ${url}/health)`),
      `  Temporal       ${topology.temporalAddress}  (the Temporal server on PostgreSQL; no UI)`,
      `  PostgreSQL     ${new URL(topology.ownerDatabaseUrl).host}  (databases throughcare, temporal, temporal_visibility)`,
      '  Two workers on the task queue throughcare-pathways, consuming HMPPS domain events:',
      `  HMPPS events   ${topology.events.topicArn}  (goaws at ${topology.events.endpoint}; npm run -s hmpps-event -- released A1234BC --prison LEI)`,
      `  Prisoner Search and HMPPS Auth: a stand-in at ${topology.hmppsApiUrl}, answering release dates as registered`,
      '  A token:       npm run -s token -- --production-like --org LEI --role prison-healthcare',
      'A process that stops is started again, with a line saying so. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : `It stopped on an error that gave no reason (${String(err)}).`);
  if (controlled) send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
