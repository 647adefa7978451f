import * as Y from 'yjs';
import { ErrorCode, MusterError } from '../errors';
import { assertId, newId } from '../ids';
import { assertTimeZone } from '../periods/time-zone';
import { cleanName, notFound } from '../text';
import { resolveOrgTree, type OrgTree, type StoredDepartment } from './org-tree';
import { isRole, type Role } from './roles';

/** A person in the workspace directory. */
export interface Member {
  id: string;
  name: string;
  role: Role;
  /** The department as assigned (may be a deleted one; see {@link WorkspaceIndex.departmentOf}). */
  department: string | null;
  phone: string | null;
  email: string | null;
}

/** What a workspace lists in its catalogue. */
export const CatalogueKind = { doc: 'doc', table: 'table', form: 'form' } as const;
export type CatalogueKind = (typeof CatalogueKind)[keyof typeof CatalogueKind];

export interface CatalogueEntry {
  id: string;
  kind: CatalogueKind;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Soft delete: set when moved to the bin, null otherwise. */
  deletedAt: number | null;
}

export interface WorkspaceMeta {
  name: string;
  /** IANA time zone name, e.g. `Asia/Shanghai`; periods of daily forms are days in this zone. */
  timeZone: string;
}

type Fields = Y.Map<unknown>;

interface Placement {
  parent: string | null;
  clock: number;
}

/**
 * The workspace index room (`ws/{ws}/index`): meta, the member directory with roles, the org tree
 * and the catalogue of docs, tables and forms. A thin typed view over one Y.Doc; every write is
 * one Yjs transaction, and concurrent writes to different fields of one member or department
 * both survive (each is a nested Y.Map).
 *
 * @example
 * const index = new WorkspaceIndex(new Y.Doc());
 * index.setMeta({ name: '市第一医院', timeZone: 'Asia/Shanghai' });
 * const medicine = index.addDepartment({ name: '内科' });
 * const ward = index.addDepartment({ name: '三病区', parent: medicine });
 * index.addMember({ name: '王芳', role: 'respondent', department: ward });
 */
export class WorkspaceIndex {
  readonly doc: Y.Doc;
  private readonly meta: Y.Map<unknown>;
  private readonly depts: Y.Map<Fields>;
  private readonly people: Y.Map<Fields>;
  private readonly catalogueMap: Y.Map<Fields>;
  private tree: OrgTree | null = null;
  private readonly invalidate = () => {
    this.tree = null;
  };

  constructor(doc: Y.Doc) {
    this.doc = doc;
    this.meta = doc.getMap('meta');
    this.depts = doc.getMap('departments');
    this.people = doc.getMap('members');
    this.catalogueMap = doc.getMap('catalogue');
    this.depts.observeDeep(this.invalidate);
  }

  /** Stop observing the doc (the doc itself is left alone). */
  destroy(): void {
    this.depts.unobserveDeep(this.invalidate);
  }

  // ---- meta ----

  getMeta(): WorkspaceMeta {
    return {
      name: typeof this.meta.get('name') === 'string' ? (this.meta.get('name') as string) : '',
      timeZone:
        typeof this.meta.get('timeZone') === 'string'
          ? (this.meta.get('timeZone') as string)
          : 'UTC',
    };
  }

  setMeta(meta: Partial<WorkspaceMeta>): void {
    const name = meta.name === undefined ? undefined : cleanName(meta.name, 'Workspace name');
    if (meta.timeZone !== undefined) assertTimeZone(meta.timeZone);
    this.doc.transact(() => {
      if (name !== undefined) this.meta.set('name', name);
      if (meta.timeZone !== undefined) this.meta.set('timeZone', meta.timeZone);
    });
  }

  // ---- departments ----

  /** The effective org tree (cycles and deletions resolved); cached until departments change. */
  orgTree(): OrgTree {
    if (this.tree === null) this.tree = resolveOrgTree(this.storedDepartments());
    return this.tree;
  }

  /** Departments as stored, tombstones included (for tests and tools). */
  storedDepartments(): StoredDepartment[] {
    const out: StoredDepartment[] = [];
    this.depts.forEach((fields, id) => {
      const placement = fields.get('placement') as Placement | undefined;
      out.push({
        id,
        name: String(fields.get('name') ?? ''),
        parent: placement?.parent ?? null,
        clock: placement?.clock ?? 0,
        deleted: fields.get('deleted') === true,
      });
    });
    return out;
  }

  addDepartment(input: { name: string; parent?: string | null; id?: string }): string {
    const name = cleanName(input.name, 'Department name');
    const parent = input.parent ?? null;
    if (parent !== null) this.assertLiveDepartment(parent);
    const id = input.id ?? newId();
    assertId(id, 'Department id');
    if (this.depts.has(id)) {
      throw new MusterError(ErrorCode.InvalidArgument, `Department ${id} already exists.`, id);
    }
    this.doc.transact(() => {
      const fields = new Y.Map<unknown>();
      fields.set('name', name);
      fields.set('placement', { parent, clock: this.nextClock() } satisfies Placement);
      fields.set('deleted', false);
      this.depts.set(id, fields);
    });
    return id;
  }

  renameDepartment(id: string, name: string): void {
    const clean = cleanName(name, 'Department name');
    this.liveFields(id).set('name', clean);
  }

  /**
   * Move a department under `parent` (null: make it a root). Moving it under itself or one of its
   * descendants is refused here; if two offline replicas together form a cycle, the org tree
   * resolves it deterministically (see org-tree.ts).
   */
  moveDepartment(id: string, parent: string | null): void {
    const fields = this.liveFields(id);
    if (parent !== null) {
      this.assertLiveDepartment(parent);
      if (this.orgTree().ancestorsOf(parent).includes(id)) {
        throw new MusterError(
          ErrorCode.InvalidArgument,
          `Cannot move department "${this.orgTree().departments.get(id)?.name}" into itself or one of its sub-departments.`,
          { id, parent },
        );
      }
    }
    fields.set('placement', { parent, clock: this.nextClock() } satisfies Placement);
  }

  /**
   * Delete a department. Its sub-departments and members move to its parent (they resolve to the
   * nearest live ancestor, so additions made concurrently on other devices move too).
   */
  deleteDepartment(id: string): void {
    this.liveFields(id).set('deleted', true);
  }

  // ---- members ----

  addMember(input: {
    name: string;
    role?: Role;
    department?: string | null;
    phone?: string | null;
    email?: string | null;
    id?: string;
  }): string {
    const id = input.id ?? newId();
    assertId(id, 'Member id');
    if (this.people.has(id)) {
      throw new MusterError(ErrorCode.InvalidArgument, `Member ${id} already exists.`, id);
    }
    const name = cleanName(input.name, 'Member name');
    const role = input.role ?? 'respondent';
    if (!isRole(role))
      throw new MusterError(
        ErrorCode.InvalidArgument,
        `Unknown role ${JSON.stringify(role)}.`,
        role,
      );
    const department = input.department ?? null;
    if (department !== null) this.assertLiveDepartment(department);
    this.doc.transact(() => {
      const fields = new Y.Map<unknown>();
      fields.set('name', name);
      fields.set('role', role);
      fields.set('department', department);
      fields.set('phone', cleanOptional(input.phone, 'Phone'));
      fields.set('email', cleanOptional(input.email, 'Email'));
      this.people.set(id, fields);
    });
    return id;
  }

  updateMember(
    id: string,
    patch: Partial<Pick<Member, 'name' | 'role' | 'department' | 'phone' | 'email'>>,
  ): void {
    const fields = this.people.get(id);
    if (!fields) throw notFound('Member', id);
    const name = patch.name === undefined ? undefined : cleanName(patch.name, 'Member name');
    if (patch.role !== undefined && !isRole(patch.role)) {
      throw new MusterError(
        ErrorCode.InvalidArgument,
        `Unknown role ${JSON.stringify(patch.role)}.`,
        patch.role,
      );
    }
    if (patch.department !== undefined && patch.department !== null)
      this.assertLiveDepartment(patch.department);
    const phone = patch.phone === undefined ? undefined : cleanOptional(patch.phone, 'Phone');
    const email = patch.email === undefined ? undefined : cleanOptional(patch.email, 'Email');
    this.doc.transact(() => {
      if (name !== undefined) fields.set('name', name);
      if (patch.role !== undefined) fields.set('role', patch.role);
      if (patch.department !== undefined) fields.set('department', patch.department);
      if (phone !== undefined) fields.set('phone', phone);
      if (email !== undefined) fields.set('email', email);
    });
  }

  removeMember(id: string): void {
    if (!this.people.has(id)) throw notFound('Member', id);
    this.people.delete(id);
  }

  member(id: string): Member | undefined {
    const fields = this.people.get(id);
    return fields ? readMember(id, fields) : undefined;
  }

  /** All members, ordered by id (stable across replicas). */
  members(): Member[] {
    const out: Member[] = [];
    this.people.forEach((fields, id) => out.push(readMember(id, fields)));
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The live department a member belongs to now, after deletions; null when unassigned. */
  departmentOf(memberId: string): string | null {
    const m = this.people.get(memberId);
    if (!m) return null;
    const assigned = m.get('department');
    return this.orgTree().resolve(typeof assigned === 'string' ? assigned : null);
  }

  /** The Y.Map of members, for observers such as the statistics engine. */
  get membersMap(): Y.Map<Fields> {
    return this.people;
  }

  /** The Y.Map of departments, for observers such as the statistics engine. */
  get departmentsMap(): Y.Map<Fields> {
    return this.depts;
  }

  // ---- catalogue ----

  addToCatalogue(input: { kind: CatalogueKind; title: string; id?: string; now?: number }): string {
    const id = input.id ?? newId();
    assertId(id, 'Catalogue id');
    if (!Object.hasOwn(CatalogueKind, input.kind)) {
      throw new MusterError(
        ErrorCode.InvalidArgument,
        `Unknown catalogue kind ${JSON.stringify(input.kind)}.`,
      );
    }
    const title = cleanName(input.title, 'Title');
    const now = input.now ?? Date.now();
    this.doc.transact(() => {
      const fields = new Y.Map<unknown>();
      fields.set('kind', input.kind);
      fields.set('title', title);
      fields.set('createdAt', now);
      fields.set('updatedAt', now);
      fields.set('deletedAt', null);
      this.catalogueMap.set(id, fields);
    });
    return id;
  }

  updateCatalogue(id: string, patch: { title?: string; deleted?: boolean; now?: number }): void {
    const fields = this.catalogueMap.get(id);
    if (!fields) throw notFound('Catalogue entry', id);
    const title = patch.title === undefined ? undefined : cleanName(patch.title, 'Title');
    const now = patch.now ?? Date.now();
    this.doc.transact(() => {
      if (title !== undefined) fields.set('title', title);
      if (patch.deleted !== undefined) fields.set('deletedAt', patch.deleted ? now : null);
      fields.set('updatedAt', now);
    });
  }

  catalogue(): CatalogueEntry[] {
    const out: CatalogueEntry[] = [];
    this.catalogueMap.forEach((f, id) => {
      const kind = f.get('kind');
      if (typeof kind !== 'string' || !Object.hasOwn(CatalogueKind, kind)) return;
      out.push({
        id,
        kind: kind as CatalogueKind,
        title: String(f.get('title') ?? ''),
        createdAt: Number(f.get('createdAt') ?? 0),
        updatedAt: Number(f.get('updatedAt') ?? 0),
        deletedAt: typeof f.get('deletedAt') === 'number' ? (f.get('deletedAt') as number) : null,
      });
    });
    return out.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
  }

  // ---- internals ----

  private nextClock(): number {
    let max = 0;
    this.depts.forEach((f) => {
      const p = f.get('placement') as Placement | undefined;
      if (p && p.clock > max) max = p.clock;
    });
    return max + 1;
  }

  private liveFields(id: string): Fields {
    const fields = this.depts.get(id);
    if (!fields || fields.get('deleted') === true) throw notFound('Department', id);
    return fields;
  }

  private assertLiveDepartment(id: string): void {
    this.liveFields(id);
  }
}

function readMember(id: string, f: Fields): Member {
  const role = f.get('role');
  const dept = f.get('department');
  const phone = f.get('phone');
  const email = f.get('email');
  return {
    id,
    name: String(f.get('name') ?? ''),
    role: isRole(role) ? role : 'respondent',
    department: typeof dept === 'string' ? dept : null,
    phone: typeof phone === 'string' ? phone : null,
    email: typeof email === 'string' ? email : null,
  };
}

function cleanOptional(value: string | null | undefined, what: string): string | null {
  if (value === null || value === undefined) return null;
  const v = String(value).trim();
  if (v.length === 0) return null;
  if (v.length > 200)
    throw new MusterError(ErrorCode.InvalidArgument, `${what} is too long (max 200).`, value);
  return v;
}
