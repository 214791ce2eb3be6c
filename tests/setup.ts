/**
 * Property tests run with a fixed seed, so CI is reproducible. To explore other inputs locally:
 * FC_SEED=123 npm test (any seed); a failure prints its seed and path to replay it.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261122) });
