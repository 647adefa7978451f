import type { WorkspaceIndex } from '@muster/core';

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
