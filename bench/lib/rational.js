// Rational from the build being measured (dist/, or the snapshot named by BENCH_DIST), so the
// baseline computes with the same class as the engine and the generated data.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lishui.js';

const dir = process.env.BENCH_DIST ?? join(ROOT, 'dist');
export const { Rational } = await import(pathToFileURL(join(dir, 'runtime', 'rational.js')).href);
