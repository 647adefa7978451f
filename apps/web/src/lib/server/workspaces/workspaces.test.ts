import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../db/test-store';
import type { Store } from '../db/store';
import { WorkspaceProblem, changeRole, createWorkspace, removeMember } from './workspaces';

let store: Store;
let ws: string;

beforeEach(async (context) => {
  store = await openTestStore(context);
  for (const id of ['olga', 'ed', 'vic']) {
    await store.createUser({ id, email: `${id}@example.org`, name: id, passwordHash: 'x' });
  }
  const created = await createWorkspace(store, 'olga', {
    name: ' Street office ',
    timeZone: 'UTC',
  });
  if (!created.ok) throw new Error('workspace not created');
  ws = created.workspace.id;
  await store.addMember(ws, 'ed', 'editor', new Date());
  await store.addMember(ws, 'vic', 'viewer', new Date());
});
afterEach(() => store.close());

describe('createWorkspace', () => {
  it('makes the creator its owner and trims the name', async () => {
    expect((await store.workspace(ws))?.name).toBe('Street office');
    expect(await store.roleOf(ws, 'olga')).toBe('owner');
    expect((await store.workspacesOf('olga')).map((w) => w.role)).toEqual(['owner']);
  });

  it('refuses a missing name and an unknown time zone', async () => {
    expect(await createWorkspace(store, 'olga', { name: ' ', timeZone: 'Mars/Olympus' })).toEqual({
      ok: false,
      errors: { name: WorkspaceProblem.nameRequired, timeZone: WorkspaceProblem.timeZoneInvalid },
    });
  });
});

describe('roles and removal', () => {
  it('only owners change roles', async () => {
    expect(await changeRole(store, ws, 'ed', 'vic', 'editor')).toEqual({
      ok: false,
      errors: { form: WorkspaceProblem.notOwner },
    });
    expect(await changeRole(store, ws, 'olga', 'vic', 'editor')).toEqual({ ok: true });
    expect(await store.roleOf(ws, 'vic')).toBe('editor');
  });

  it('keeps at least one owner', async () => {
    expect(await changeRole(store, ws, 'olga', 'olga', 'viewer')).toEqual({
      ok: false,
      errors: { form: WorkspaceProblem.lastOwner },
    });
    await changeRole(store, ws, 'olga', 'ed', 'owner');
    expect(await changeRole(store, ws, 'olga', 'olga', 'viewer')).toEqual({ ok: true });
    expect(await removeMember(store, ws, 'ed', 'ed')).toEqual({
      ok: false,
      errors: { form: WorkspaceProblem.lastOwner },
    });
  });

  it('only owners remove members, and only members can be removed', async () => {
    expect(await removeMember(store, ws, 'vic', 'ed')).toEqual({
      ok: false,
      errors: { form: WorkspaceProblem.notOwner },
    });
    expect(await removeMember(store, ws, 'olga', 'nobody')).toEqual({
      ok: false,
      errors: { form: WorkspaceProblem.notMember },
    });
    expect(await removeMember(store, ws, 'olga', 'vic')).toEqual({ ok: true });
    expect(await store.roleOf(ws, 'vic')).toBeNull();
    expect((await store.members(ws)).map((m) => m.userId).sort()).toEqual(['ed', 'olga']);
  });
});
