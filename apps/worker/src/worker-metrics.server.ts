/**
 * The worker's own `/metrics`: the worker has no HTTP server of its own, and its counters (the
 * HMPPS events consumer's) live in its process, so it serves prom-client's registry on
 * WORKER_METRICS_PORT with node:http, nothing more. Unset, no port is opened. Counters only,
 * with labels that name no person.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { collectDefaultMetrics, register } from 'prom-client';
import { Config } from '@throughcare/config';
import { registerIntakeMetrics } from './intake/intake-metrics';

@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server?: Server;

  constructor(@Inject(Config) private readonly config: Config) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.WORKER_METRICS_PORT;
    if (!port) return;
    // Once per process: the API's Prometheus module may have registered them already.
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
    registerIntakeMetrics();
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      register.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': register.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(port, resolve));
    this.logger.log({ port }, 'worker metrics on /metrics');
  }

  async onApplicationShutdown(): Promise<void> {
    // A scraper's kept-alive connection would hold the close open until it timed out.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
