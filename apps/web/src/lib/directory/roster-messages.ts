import type { RosterErrorCode } from '@muster/forms';
import type { MessageKey } from '$lib/i18n';

/** Largest roster file read in the browser (a 100,000-person CSV is about 6 MB). */
export const ROSTER_MAX_BYTES = 20 * 2 ** 20;

const KEYS: Record<RosterErrorCode, MessageKey> = {
  unknownColumn: 'roster.err.unknownColumn',
  missingColumn: 'roster.err.missingColumn',
  missingName: 'roster.err.missingName',
  badPath: 'roster.err.badPath',
  badValue: 'roster.err.badValue',
  duplicatePerson: 'roster.err.duplicatePerson',
};

/** The translated headline for a roster error (the package's detail stays beside it). */
export function rosterErrorKey(code: RosterErrorCode): MessageKey {
  return KEYS[code];
}
