/**
 * Convergence of the data model under concurrency (issue 2, §4): 3–5 replicas apply random
 * operations to a table and a workspace index while their updates are exchanged in random order,
 * duplicated and delayed, with random disconnects. At the end every replica holds the same JSON,
 * the org tree has no cycle, and every cell reads as valid for its column.
 *
 * Replay a failure with CONVERGENCE_SEED=<seed printed by fast-check>.
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { isMusterError } from './errors';
import { newId } from './ids';
import { ColumnType, validateCell, type ColumnShape } from './table/column-types';
import { Table } from './table/table';
import { LinkedNetworks, TestNetwork, seededRandom } from './testing/network';
import { WorkspaceIndex } from './workspace/workspace-index';

const TYPES = Object.values(ColumnType);
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 200);

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T | undefined =>
  items.length === 0 ? undefined : items[Math.floor(rand() * items.length)];

function randomValue(rand: Rand, column: ColumnShape, people: string[], depts: string[]): unknown {
  // One in eight values is deliberately wrong for the column: it must be refused and write nothing.
  if (rand() < 0.125)
    return pick(rand, ['not a number', 42, true, ['x'], '2026-13-45', 'javascript:alert(1)', {}]);
  switch (column.type) {
    case 'text':
      return pick(rand, ['', 'a', '体温正常', '37.5', 'yes', 'cough, fever', 'x'.repeat(20)]);
    case 'number':
      return pick(rand, [0, -1, 36.6, 37.3, 38.1, 1e6, 12]);
    case 'singleSelect':
      return (
        pick(
          rand,
          column.options.map((o) => o.id),
        ) ?? null
      );
    case 'multiSelect':
      return column.options.filter(() => rand() < 0.5).map((o) => o.id);
    case 'date':
      return pick(rand, ['2026-02-03', '2020-02-29', '2026-11-21']);
    case 'dateTime':
      return pick(rand, ['2026-02-03T08:00:00.000Z', '2020-02-29T23:59:59Z']);
    case 'checkbox':
      return rand() < 0.5;
    case 'person':
      return pick(rand, people) ?? newId();
    case 'department':
      return pick(rand, depts) ?? newId();
    case 'url':
      return pick(rand, ['https://muster.example/a', 'mailto:a@b.cn', 'http://x.org']);
    default:
      return null;
  }
}

// Successful operations by kind over all runs: proves the generator exercises every operation.
const applied = new Map<number, number>();
let refused = 0;

interface Replica {
  table: Table;
  index: WorkspaceIndex;
}

/** One random operation on replica `r`; invalid ones must throw a MusterError and change nothing. */
function randomOp(rand: Rand, r: Replica): void {
  const { table, index } = r;
  const cols = table.columns();
  const rows = table.rowIds();
  const depts = [...index.orgTree().departments.keys()];
  const people = index.members().map((m) => m.id);
  const op = Math.floor(rand() * 16);
  const before = JSON.stringify(table.doc.toJSON());
  try {
    switch (op) {
      case 0: {
        const type = pick(rand, TYPES) as ColumnType;
        const options = type.endsWith('Select')
          ? [{ name: 'A' }, { name: 'B' }, { name: '发热' }]
          : undefined;
        table.addColumn({
          name: `c${Math.floor(rand() * 100)}`,
          type,
          options,
          before: rand() < 0.3 ? pick(rand, cols)?.id : undefined,
        });
        break;
      }
      case 1: {
        const c = pick(rand, cols);
        if (c) table.changeColumnType(c.id, pick(rand, TYPES) as ColumnType);
        break;
      }
      case 2: {
        const c = pick(rand, cols);
        if (c && rand() < 0.3) table.deleteColumn(c.id);
        else if (c) table.moveColumn(c.id, pick(rand, cols)?.id);
        break;
      }
      case 3:
      case 4: {
        const values: Record<string, unknown> = {};
        for (const c of cols) if (rand() < 0.5) values[c.id] = randomValue(rand, c, people, depts);
        table.addRow(values, { before: rand() < 0.2 ? pick(rand, rows) : undefined });
        break;
      }
      case 5:
      case 6:
      case 7: {
        const row = pick(rand, rows);
        const c = pick(rand, cols);
        if (row && c) table.setCell(row, c.id, randomValue(rand, c, people, depts));
        break;
      }
      case 8: {
        const row = pick(rand, rows);
        if (row && rand() < 0.5) table.deleteRow(row);
        else if (row) table.moveRow(row, pick(rand, rows));
        break;
      }
      case 9: {
        // Deterministic row ids, as the projector writes them: replicas may create the same row.
        const respondent = pick(rand, people) ?? 'anonymous_respondent';
        const c = pick(rand, cols);
        table.upsertRow(
          `${respondent}:2026-11-21`,
          c ? { [c.id]: randomValue(rand, c, people, depts) } : {},
        );
        break;
      }
      case 10:
        index.addDepartment({
          name: `部门${Math.floor(rand() * 50)}`,
          parent: rand() < 0.7 ? (pick(rand, depts) ?? null) : null,
        });
        break;
      case 11:
      case 12: {
        const d = pick(rand, depts);
        if (d) index.moveDepartment(d, rand() < 0.2 ? null : (pick(rand, depts) ?? null));
        break;
      }
      case 13: {
        const d = pick(rand, depts);
        if (d && rand() < 0.5) index.deleteDepartment(d);
        else if (d) index.renameDepartment(d, `改名${Math.floor(rand() * 50)}`);
        break;
      }
      case 14:
        index.addMember({
          name: `员工${Math.floor(rand() * 1000)}`,
          department: pick(rand, depts) ?? null,
        });
        break;
      case 15: {
        const m = pick(rand, people);
        if (m && rand() < 0.3) index.removeMember(m);
        else if (m)
          index.updateMember(m, {
            department: pick(rand, depts) ?? null,
            role: pick(rand, ['editor', 'viewer', 'respondent'] as const),
          });
        break;
      }
    }
    applied.set(op, (applied.get(op) ?? 0) + 1);
  } catch (e) {
    if (!isMusterError(e)) throw e;
    refused++;
    // A refused operation writes nothing.
    expect(JSON.stringify(table.doc.toJSON())).toBe(before);
  }
}

/** JSON with object keys sorted: Y.Map iteration order is local insertion order, content is not. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

function assertAcyclic(index: WorkspaceIndex): void {
  const tree = index.orgTree();
  for (const [id] of tree.departments) {
    let cur: string | null = id;
    let steps = 0;
    while (cur !== null) {
      cur = tree.departments.get(cur)?.parent ?? null;
      if (++steps > tree.departments.size) throw new Error(`Org tree has a cycle through ${id}`);
    }
  }
}

function run(seed: number, replicas: number, steps: number): void {
  const rand = seededRandom(seed);
  const clientIds = Array.from({ length: replicas }, (_, i) => 1000 + i * 7 + (seed & 0xff));
  const tables = new TestNetwork(replicas, rand, clientIds);
  const indexes = new TestNetwork(
    replicas,
    rand,
    clientIds.map((c) => c + 100_000),
  );
  const network = new LinkedNetworks([tables, indexes]);
  const peers: Replica[] = tables.docs.map((doc, i) => ({
    table: new Table(doc),
    index: new WorkspaceIndex(indexes.docs[i] as Y.Doc),
  }));
  for (let step = 0; step < steps; step++) {
    const x = rand();
    const i = Math.floor(rand() * replicas);
    if (x < 0.55) randomOp(rand, peers[i] as Replica);
    else if (x < 0.9) {
      network.deliverOne();
    } else if (x < 0.95) {
      network.disconnect(i);
    } else {
      network.reconnect(i);
    }
  }
  network.flush();

  const first = peers[0] as Replica;
  const tableJson = canonical(first.table.doc.toJSON());
  const indexJson = canonical(first.index.doc.toJSON());
  // Encoded updates may differ in layout (struct merging, delete-set order); what they decode to
  // must not.
  const decoded = (doc: Y.Doc) => {
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    // Top-level types appear in toJSON() only once they are defined.
    for (const name of doc.share.keys()) fresh.getMap(name);
    return canonical(fresh.toJSON());
  };
  const readTable = JSON.stringify(first.table.toJSON());
  const treeOf = (r: Replica) => canonical(Object.fromEntries(r.index.orgTree().departments));
  const tree = treeOf(first);
  for (const p of peers) {
    expect(canonical(p.table.doc.toJSON())).toBe(tableJson);
    expect(canonical(p.index.doc.toJSON())).toBe(indexJson);
    expect(decoded(p.table.doc)).toBe(tableJson);
    expect(decoded(p.index.doc)).toBe(indexJson);
    expect(JSON.stringify(p.table.toJSON())).toBe(readTable);
    expect(treeOf(p)).toBe(tree);
    expect(Y.encodeStateVector(p.table.doc)).toEqual(Y.encodeStateVector(first.table.doc));
    assertAcyclic(p.index);
    for (const rowId of p.table.rowIds()) {
      for (const c of p.table.columns()) {
        const value = p.table.getCell(rowId, c.id);
        const r = validateCell(c, value);
        if (!r.ok)
          throw new Error(
            `Row ${rowId} column ${c.name} (${c.type}) reads invalid ${JSON.stringify(value)}`,
          );
      }
    }
    // Every member resolves to a live department or none.
    for (const m of p.index.members()) {
      const d = p.index.departmentOf(m.id);
      if (d !== null) expect(p.index.orgTree().departments.has(d)).toBe(true);
    }
  }
}

describe('convergence (property)', () => {
  it(`3–5 replicas converge to identical, valid state under random delivery (${RUNS} runs)`, () => {
    const fixed = process.env.CONVERGENCE_SEED;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 3, max: 5 }),
        (seed, replicas) => run(seed, replicas, 120),
      ),
      { numRuns: RUNS, ...(fixed ? { seed: Number(fixed) } : {}) },
    );
    for (let op = 0; op < 16; op++)
      expect(applied.get(op) ?? 0, `operation ${op}`).toBeGreaterThan(RUNS / 10);
    expect(refused).toBeGreaterThan(0);
  }, 240_000);

  it('two offline replicas that move departments into each other agree on one acyclic tree', () => {
    const net = new TestNetwork(2, seededRandom(7), [1, 2]);
    const [a, b] = net.docs.map((d) => new WorkspaceIndex(d)) as [WorkspaceIndex, WorkspaceIndex];
    const root = a.addDepartment({ name: '医院' });
    const x = a.addDepartment({ name: '内科', parent: root });
    const y = a.addDepartment({ name: '外科', parent: root });
    const z = a.addDepartment({ name: '急诊', parent: y });
    net.flush();
    net.disconnect(0);
    net.disconnect(1);
    a.moveDepartment(x, z); // 内科 under 急诊 (under 外科)
    b.moveDepartment(y, x); // 外科 under 内科: together a cycle 内科 → 急诊 → 外科 → 内科
    net.flush();
    const ta = a.orgTree();
    const tb = b.orgTree();
    expect(Object.fromEntries(ta.departments)).toEqual(Object.fromEntries(tb.departments));
    assertAcyclic(a);
    // The newest move in the cycle (b's, made with the higher clock or id) is the one undone.
    expect(new Set([ta.departments.get(x)?.parent, ta.departments.get(y)?.parent])).toContain(null);
    expect(ta.roots).toContain(root);
  });
});
