import { dashboardEn } from './areas/dashboard.en';
import { docsEn } from './areas/docs.en';
import { formsEn } from './areas/forms.en';
import { tablesEn } from './areas/tables.en';

/**
 * English messages: the source of every message key. `{name}` marks a parameter. Other locales
 * must provide exactly these keys (checked by the compiler in their files).
 */
const base = {
  'app.name': 'Muster',
  'app.skip': 'Skip to content',
  'nav.workspaces': 'Workspaces',
  'nav.account': 'Account',
  'nav.signIn': 'Sign in',
  'nav.signUp': 'Sign up',
  'nav.signOut': 'Sign out',
  'nav.main': 'Main',
  'locale.label': 'Language',
  'locale.switch': 'Switch language',

  'field.email': 'Email',
  'field.name': 'Your name',
  'field.password': 'Password',
  'field.passwordHint': 'At least 8 characters.',
  'field.currentPassword': 'Current password',
  'field.newPassword': 'New password',

  'signUp.title': 'Create your account',
  'signUp.submit': 'Create account',
  'signUp.haveAccount': 'Already have an account?',
  'signIn.title': 'Sign in',
  'signIn.submit': 'Sign in',
  'signIn.noAccount': 'New to Muster?',
  'signOut.done': 'You are signed out.',

  'account.title': 'Account',
  'account.signedInAs': 'Signed in as {name} ({email})',
  'account.changePassword': 'Change password',
  'account.changePasswordHelp': 'Changing your password signs you out on every other device.',
  'account.passwordChanged': 'Password changed. Other devices have been signed out.',

  'workspaces.title': 'Your workspaces',
  'workspaces.none': 'You are not in any workspace yet. Create one, or open an invite link.',
  'workspaces.create': 'Create a workspace',
  'workspaces.name': 'Workspace name',
  'workspaces.timeZone': 'Time zone',
  'workspaces.timeZoneHint': 'Daily forms and reports follow this time zone.',
  'workspaces.submit': 'Create workspace',
  'workspaces.yourRole': 'Your role: {role}',

  'workspace.overview': 'Overview',
  'workspace.members': 'Members',
  'workspace.directory': 'Directory',

  'sync.connecting': 'Connecting…',
  'sync.online': 'Online — syncing…',
  'sync.saved': 'All changes saved',
  'sync.offline': 'Offline',
  'sync.offlineWaiting': 'Offline — {count} changes waiting',
  'sync.offlineWaitingOne': 'Offline — 1 change waiting',
  'sync.failed': 'Could not open this workspace for syncing. Reload the page or sign in again.',

  'directory.title': 'Departments',
  'directory.empty': 'No departments yet.',
  'directory.people': '{count} people',
  'directory.personOne': '1 person',
  'directory.rename': 'Rename',
  'directory.newNameOf': 'New name for {name}',
  'directory.save': 'Save',
  'directory.cancel': 'Cancel',
  'directory.moveWhere': 'Move {name} under',
  'directory.move': 'Move',
  'directory.topLevel': '(top level)',
  'directory.delete': 'Delete',
  'directory.deleteConfirm': 'Delete {name}? Its sub-departments move up to its parent.',
  'directory.add': 'Add a department',
  'directory.name': 'Department name',
  'directory.parent': 'Inside',
  'directory.addSubmit': 'Add department',
  'directory.readOnly': 'Viewers can see the departments but not change them.',
  'workspace.createdLabel': 'Created',
  'workspace.memberCount': '{count} members',
  'workspace.memberCountOne': '1 member',

  'role.owner': 'Owner',
  'role.editor': 'Editor',
  'role.viewer': 'Viewer',

  'members.title': 'Members',
  'members.name': 'Name',
  'members.email': 'Email',
  'members.role': 'Role',
  'members.joined': 'Joined',
  'members.actions': 'Actions',
  'members.roleOf': 'Role of {name}',
  'members.changeRole': 'Change role',
  'members.remove': 'Remove',
  'members.removeConfirm': 'Remove {name} from this workspace?',
  'members.you': '(you)',
  'members.roleChanged': 'Role changed.',
  'members.removed': 'Member removed.',

  'invites.title': 'Invite people',
  'invites.help': 'Anyone with the link can join with the chosen role until it expires.',
  'invites.role': 'Role for people who join',
  'invites.days': 'Link valid for',
  'invites.daysOption': '{count} days',
  'invites.dayOption': '1 day',
  'invites.create': 'Create invite link',
  'invites.created': 'Invite link created. Copy it now: it is shown only once.',
  'invites.link': 'Invite link',
  'invites.open': 'Open invite links',
  'invites.none': 'No open invite links.',
  'invites.expires': 'Expires {date}',
  'invites.revoke': 'Revoke',
  'invites.revoked': 'Invite link revoked.',

  'invite.title': 'Join {workspace}',
  'invite.asRole': 'You are invited to join as {role}.',
  'invite.signInFirst': 'Sign in or create an account to accept.',
  'invite.accept': 'Join workspace',
  'invite.unusable': 'This invite link cannot be used.',

  'error.emailInvalid': 'Enter a valid email address.',
  'error.emailTaken': 'An account with this email already exists. Sign in instead.',
  'error.nameRequired': 'Enter a name.',
  'error.nameTooLong': 'Use at most 100 characters.',
  'error.passwordTooShort': 'Use at least 8 characters.',
  'error.passwordTooLong': 'Use at most 256 characters.',
  'error.wrongCredentials': 'Wrong email or password.',
  'error.wrongCurrentPassword': 'Your current password is not right.',
  'error.tooManyForAccount':
    'Too many failed sign-in attempts for this account. Try again in {minutes} minutes.',
  'error.tooManyForIp':
    'Too many failed sign-in attempts from your network. Try again in {minutes} minutes.',
  'error.timeZoneInvalid': 'Choose a time zone from the list.',
  'error.notOwner': 'Only owners can do this.',
  'error.notMember': 'This person is not a member of the workspace.',
  'error.lastOwner': 'A workspace needs at least one owner. Make someone else an owner first.',
  'error.inviteUnknown': 'This invite link is not valid. Ask for a new one.',
  'error.inviteExpired': 'This invite link has expired. Ask for a new one.',
  'error.badRequest': 'The form could not be read. Reload the page and try again.',
  'error.page': 'Something went wrong',
  'error.notFound': 'Not found',
  'error.back': 'Back to your workspaces',
} as const;

/** Every area's messages: one file pair per area under `areas/`. */
export const en = {
  ...base,
  ...docsEn,
  ...tablesEn,
  ...formsEn,
  ...dashboardEn,
} as const;

/** Every message key. */
export type MessageKey = keyof typeof en;
/** Keys of the shared (non-area) messages. */
export type BaseMessageKey = keyof typeof base;
