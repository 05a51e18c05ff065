/** The processes of the production-like topology, each addressable to be killed or started again. */
export type ProcessName = 'temporal' | 'goaws' | 'api-1' | 'api-2' | 'worker-1' | 'worker-2';
