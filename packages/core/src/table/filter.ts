import * as v from 'valibot';
import type { CellValue, ColumnShape } from './column-types';

/** Comparison a filter condition makes; the same semantics in views, stats and exports. */
export const FilterOp = {
  eq: 'eq',
  neq: 'neq',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
  /** Text contains (case-insensitive); multi-select includes the option. */
  contains: 'contains',
  notContains: 'notContains',
  isEmpty: 'isEmpty',
  isNotEmpty: 'isNotEmpty',
} as const;
export type FilterOp = (typeof FilterOp)[keyof typeof FilterOp];

export interface FilterCondition {
  column: string;
  op: FilterOp;
  /** Compared value (option id for selects, `YYYY-MM-DD` for dates); unused by isEmpty ops. */
  value?: string | number | boolean | null;
}

export const FilterConditionSchema = v.strictObject({
  column: v.pipe(v.string(), v.maxLength(64)),
  op: v.picklist(Object.values(FilterOp)),
  value: v.optional(
    v.nullable(
      v.union([v.pipe(v.string(), v.maxLength(1000)), v.pipe(v.number(), v.finite()), v.boolean()]),
    ),
  ),
});

function isEmptyValue(value: CellValue): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function compare(a: CellValue, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return null;
}

/** Does a cell value (already valid for `column`) satisfy the condition? */
export function matchesCondition(
  column: ColumnShape,
  value: CellValue,
  cond: FilterCondition,
): boolean {
  switch (cond.op) {
    case 'isEmpty':
      return isEmptyValue(value);
    case 'isNotEmpty':
      return !isEmptyValue(value);
    case 'contains':
    case 'notContains': {
      let hit: boolean;
      if (Array.isArray(value)) hit = value.includes(String(cond.value));
      else if (typeof value === 'string' && column.type === 'text') {
        hit = value.toLowerCase().includes(String(cond.value ?? '').toLowerCase());
      } else hit = value !== null && value === cond.value;
      return cond.op === 'contains' ? hit : !hit;
    }
    case 'eq':
      return Array.isArray(value) ? false : value === (cond.value ?? null);
    case 'neq':
      return Array.isArray(value) ? true : value !== (cond.value ?? null);
    default: {
      if (value === null || Array.isArray(value)) return false;
      const c = compare(value, cond.value);
      if (c === null) return false;
      return cond.op === 'gt'
        ? c > 0
        : cond.op === 'gte'
          ? c >= 0
          : cond.op === 'lt'
            ? c < 0
            : c <= 0;
    }
  }
}
