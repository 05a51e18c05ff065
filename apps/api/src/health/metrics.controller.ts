/** Prometheus metrics (process and Node.js defaults, and the read model's), open like /health for the scraper. */
import { Controller, Get, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { Public } from '@throughcare/auth';
import { ReadModelHealth } from './read-model-health';

@ApiTags('health')
@Public()
@Controller()
export class MetricsController extends PrometheusController {
  // The Prometheus module instantiates this controller in its own scope, so the health module's provider is looked up, not injected.
  constructor(private readonly modules: ModuleRef) {
    super();
  }

  @Get()
  override async index(@Res({ passthrough: true }) response: Response): Promise<string> {
    // A database away leaves the read model's gauges as last read; the process metrics still answer.
    await this.modules
      .get(ReadModelHealth, { strict: false })
      .refreshMetrics()
      .catch(() => undefined);
    return super.index(response);
  }
}
