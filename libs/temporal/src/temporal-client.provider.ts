/** The Temporal client shared by the API: one connection, made on first use, closed on shutdown. */
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, ConnectionOptions } from '@temporalio/client';
import { Config } from '@throughcare/config';
import { dataConverter } from './data-converter';

/** Temporal could not be reached: the caller may retry, nothing was done. */
export class TemporalUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Temporal could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TemporalUnavailableError';
  }
}

/**
 * How a client connects. gRPC waits longer after each failed try to reconnect, up to 120 s by
 * default, so after Temporal was away a few minutes the API went on answering 503 for up to
 * two minutes once it was back, as if it needed restarting: here it tries every 5 s at most.
 */
export function clientConnectionOptions(address: string): ConnectionOptions {
  return { address, channelArgs: { 'grpc.initial_reconnect_backoff_ms': 1_000, 'grpc.max_reconnect_backoff_ms': 5_000 } };
}

@Injectable()
export class TemporalClientService implements OnApplicationShutdown {
  private connecting?: Promise<Connection>;
  private clientInstance?: Client;

  constructor(@Inject(Config) private readonly config: Config) {}

  /** Connects lazily, so the API starts (and reports itself unhealthy) while Temporal is down. */
  connect(): Promise<Connection> {
    this.connecting ??= Connection.connect(clientConnectionOptions(this.config.TEMPORAL_ADDRESS)).catch((err: unknown) => {
      this.connecting = undefined; // try again on the next request
      throw new TemporalUnavailableError(err);
    });
    return this.connecting;
  }

  async client(): Promise<Client> {
    const connection = await this.connect();
    this.clientInstance ??= new Client({ connection, namespace: this.config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(this.config) });
    return this.clientInstance;
  }

  async onApplicationShutdown(): Promise<void> {
    const connection = await this.connecting?.catch(() => undefined);
    await connection?.close();
  }
}
