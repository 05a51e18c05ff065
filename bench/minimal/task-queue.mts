/** The task queue the minimal worker polls (bench/minimal/worker.mts). */
export const MINIMAL_TASK_QUEUE = 'bench-minimal';
