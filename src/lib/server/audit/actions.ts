// Names of the account and session events, and the names they had before they followed the
// `<subject>.<verb>` convention of every other event.
//
// Rows already recorded under an old name keep it: the trail is hash-chained and append-only,
// so history is never rewritten (no data migration renames them — that would break every hash
// after the first such row, and an append-only trail must not be edited anyway). Instead the
// audit page's filter and its list of actions treat an old name as the new one: filtering by
// `session.sign_in` (or the prefix `session.`) also finds rows recorded as `sign_in`, and the
// reverse.
export const AUTH_ACTIONS = {
	signIn: 'session.sign_in',
	signInFailed: 'session.sign_in_failed',
	signInThrottled: 'session.sign_in_throttled',
	signOut: 'session.sign_out',
	signOutEverywhere: 'session.sign_out_everywhere',
	passwordChange: 'password.change',
	passwordChangeFailed: 'password.change_failed',
	passwordResetRequest: 'password.reset_request',
	passwordReset: 'password.reset',
	totpEnrol: 'totp.enrol',
	recoveryCodeUse: 'recovery_code.use',
	userDisable: 'user.disable'
} as const;

/** Old name → current name, for rows recorded before the rename. */
export const LEGACY_ACTIONS: Readonly<Record<string, string>> = Object.freeze({
	sign_in: AUTH_ACTIONS.signIn,
	sign_in_failed: AUTH_ACTIONS.signInFailed,
	sign_in_throttled: AUTH_ACTIONS.signInThrottled,
	sign_out: AUTH_ACTIONS.signOut,
	sign_out_everywhere: AUTH_ACTIONS.signOutEverywhere,
	password_change: AUTH_ACTIONS.passwordChange,
	password_change_failed: AUTH_ACTIONS.passwordChangeFailed,
	password_reset_request: AUTH_ACTIONS.passwordResetRequest,
	password_reset: AUTH_ACTIONS.passwordReset,
	totp_enrol: AUTH_ACTIONS.totpEnrol,
	recovery_code_use: AUTH_ACTIONS.recoveryCodeUse,
	user_disable: AUTH_ACTIONS.userDisable
});

/** The current name of an action, whichever name it was recorded under. */
export function currentAction(action: string): string {
	return Object.hasOwn(LEGACY_ACTIONS, action) ? LEGACY_ACTIONS[action] : action;
}

/** Every stored name that means `action` (its current name and its old one, if any). */
export function storedNamesOf(action: string): string[] {
	const current = currentAction(action);
	return [current, ...Object.keys(LEGACY_ACTIONS).filter((old) => LEGACY_ACTIONS[old] === current)];
}

/** The old names whose current name begins with `prefix` (`session.` → sign_in, sign_out, …). */
export function legacyNamesUnder(prefix: string): string[] {
	return Object.keys(LEGACY_ACTIONS).filter((old) => LEGACY_ACTIONS[old].startsWith(prefix));
}
