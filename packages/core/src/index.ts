/**
 * @muster/core — the Yjs data model every other package builds on. Runs in browsers and Node.
 * This file is the public API: everything exported is listed by name.
 */
export { ErrorCode, MusterError, isMusterError, unexpectedCase } from './errors';
export type { Result } from './errors';
export { ID_LENGTH, ID_PATTERN_SOURCE, assertId, isId, newId } from './ids';
export { MAX_ROOM_NAME_LENGTH, RoomKind, roomName } from './room-name';
export type { Room } from './room-name';
export { MAX_NAME_LENGTH } from './text';

export { Role, canWrite, isRole } from './workspace/roles';
export { resolveOrgTree } from './workspace/org-tree';
export type { Department, OrgTree, StoredDepartment } from './workspace/org-tree';
export { CatalogueKind, WorkspaceIndex } from './workspace/workspace-index';
export type { CatalogueEntry, Member, WorkspaceMeta } from './workspace/workspace-index';

export {
  ColumnType,
  MAX_TEXT_LENGTH,
  MAX_URL_LENGTH,
  convertValue,
  isColumnType,
  isDateTime,
  isUrl,
  validateCell,
} from './table/column-types';
export type { CellValue, ColumnShape, SelectOption } from './table/column-types';
export { FilterOp, matchesCondition } from './table/filter';
export type { FilterCondition } from './table/filter';
export {
  MAX_COLUMNS,
  MAX_OPTIONS,
  ROW_ID_PATTERN,
  ROW_POSITION_KEY,
  Table,
  assertRowId,
  readCell,
} from './table/table';
export type { Column, TypeChangeReport } from './table/table';
export { deleteView, listViews, queryRows, saveView } from './table/views';
export type { View } from './table/views';

export { assertTimeZone, isTimeZone } from './periods/time-zone';
export {
  addDaysTo,
  instantAt,
  isoWeekKey,
  isoWeekday,
  localDateAt,
  mondayOfWeek,
  parsePlainDate,
  parseTimeOfDay,
} from './periods/calendar';
export type { PlainDate } from './periods/calendar';
export { dailySchedule, parseSchedule } from './periods/schedule';
export type { DailySchedule, OnceSchedule, Schedule, WeeklySchedule } from './periods/schedule';
export {
  ONCE_PERIOD_KEY,
  isCollectionDay,
  isPeriodKey,
  nextPeriodKey,
  periodAt,
  periodKeysBetween,
  periodWindow,
  previousPeriodKey,
} from './periods/period';
export type { Period, PeriodStatus, PeriodWindow } from './periods/period';

export { createStats } from './stats/create-stats';
export type { Stats, StatsListener, StatsSnapshot } from './stats/create-stats';
export { AggregateKind, parseStatsSpec } from './stats/spec';
export type { AggregateSpec, DepartmentGrouping, MissingSpec, StatsSpec } from './stats/spec';
export type { AggregateResult, GroupKey } from './stats/aggregate';
export type { AggregateValue } from './stats/accumulators';
export type { MissingResult, ResponseCounts } from './stats/missing';
