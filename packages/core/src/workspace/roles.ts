/**
 * Roles a person can hold in a workspace. `respondent` is someone in the directory who only fills
 * in forms sent to them (most of a hospital's 810 staff); the others are account roles.
 */
export const Role = {
  /** Full control, including members and roles. */
  owner: 'owner',
  /** Reads and writes documents, tables, forms and the directory. */
  editor: 'editor',
  /** Reads everything in the workspace; the relay drops its document updates. */
  viewer: 'viewer',
  /** Opens only its own submission rooms and the forms sent to it. */
  respondent: 'respondent',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

const ROLES = new Set<string>(Object.values(Role));

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLES.has(value);
}

/** May this role change workspace documents (index, docs, tables, forms)? */
export function canWrite(role: Role): boolean {
  return role === 'owner' || role === 'editor';
}
