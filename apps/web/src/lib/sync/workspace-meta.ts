import type { Member, WorkspaceIndex } from '@muster/core';

/** The workspace facts SQL holds (authoritative) and the index room mirrors for other packages. */
export interface WorkspaceFacts {
  name: string;
  timeZone: string;
}

/**
 * Copy the workspace's name and time zone from SQL into the index room's meta when they differ,
 * so forms, periods and statistics that read the index see the right time zone. Only writers
 * (owners, editors) may: the relay drops a viewer's updates. Returns whether anything was written.
 */
export function mirrorWorkspaceMeta(
  index: WorkspaceIndex,
  facts: WorkspaceFacts,
  role: 'owner' | 'editor' | 'viewer',
): boolean {
  if (role === 'viewer') return false;
  const meta = index.getMeta();
  if (meta.name === facts.name && meta.timeZone === facts.timeZone) return false;
  index.setMeta({ name: facts.name, timeZone: facts.timeZone });
  return true;
}

/** A workspace account as SQL knows it (the members page's list). */
export interface AccountFacts {
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'editor' | 'viewer';
}

/**
 * Put every account that joined the workspace into the index room's directory, so forms,
 * audiences and missing lists count them: a member fills in under their account id, so the
 * directory must know that id. A roster entry with the same email and no account yet is claimed
 * (re-keyed to the account id, keeping its department and phone), so importing a roster before
 * people sign up does not leave them "missing" forever. Roles follow SQL. Only writers may;
 * returns how many people were added, claimed or updated.
 */
export function mirrorAccounts(
  index: WorkspaceIndex,
  accounts: readonly AccountFacts[],
  role: 'owner' | 'editor' | 'viewer',
): number {
  if (role === 'viewer' || accounts.length === 0) return 0;
  const accountIds = new Set(accounts.map((a) => a.id));
  const byEmail = new Map<string, Member>();
  for (const m of index.members()) {
    if (m.email && !accountIds.has(m.id)) byEmail.set(m.email.toLowerCase(), m);
  }
  let changed = 0;
  index.doc.transact(() => {
    for (const account of accounts) {
      const existing = index.member(account.id);
      if (existing) {
        if (existing.role !== account.role) {
          index.updateMember(account.id, { role: account.role });
          changed += 1;
        }
        continue;
      }
      const roster = byEmail.get(account.email.toLowerCase());
      // The live department (a deleted one resolves to its nearest live ancestor) before the
      // roster entry goes.
      const department = roster ? index.departmentOf(roster.id) : null;
      try {
        index.addMember({
          id: account.id,
          name: roster?.name ?? account.name,
          role: account.role,
          department,
          phone: roster?.phone ?? null,
          email: account.email,
        });
        // Only once the account's entry is in: a refused one leaves the roster entry as it was.
        if (roster) {
          byEmail.delete(account.email.toLowerCase());
          index.removeMember(roster.id);
        }
        changed += 1;
      } catch {
        // A name or email the directory refuses: that person stays out, the others go in.
      }
    }
  });
  return changed;
}
