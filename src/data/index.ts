/**
 * The data input layer: data files (YAML, JSON, CSV, NDJSON, Excel .xlsx) → a validated, typed Dataset, or a
 * stream of events for the Scorer. The format is described in docs/data.md.
 */
export { openData, readDataset, type DataStream, type ReadOptions } from './read.js';
export type { DataSource, Format } from './source.js';
export { DATA_CODES, DataError, type DataCode } from './errors.js';
export { fieldModel, checklistItems, type Field, type FieldModel } from './fields.js';
export { eventSchemas, inputSchema, rowSchemas, type RowSchemas } from '../codegen/schema.js';
