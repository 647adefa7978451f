/**
 * `@muster/forms/project` — what the relay's projector needs to turn submissions into table rows
 * and receipts, without export/import (exceljs, papaparse): a relay that loads those carries their
 * code and memory in every process (about 370 ms of compiling at start, and a bigger heap for the
 * garbage collector to mark). Everything here is also exported by `index.ts`.
 */
export { FormDefinition } from './definition';
export { syncTableColumns } from './linked-table';
export { projectSubmission } from './projection';
export { SubmissionDoc } from './submission';
export type { Receipt } from './submission';
