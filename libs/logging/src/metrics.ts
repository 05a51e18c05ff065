/**
 * Prometheus metrics made once per name in the process: tests host several API apps and
 * workers in one, and a second `new Counter` of a name would throw. No labels that identify a person.
 */
import { Counter, Gauge, register } from 'prom-client';

export function gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return (register.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge({ name, help, labelNames: [...labelNames] });
}

export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames: [...labelNames] });
}
