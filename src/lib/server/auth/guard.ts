// Role checks in one place. Every route that needs a signed-in user calls one of these with
// `locals` (filled from the session cookie by hooks.server.ts) — never with anything the
// request itself claims.
import { error, redirect } from '@sveltejs/kit';
import type { Role } from '../../domain/roles.ts';
import type { SessionUser } from './sessions.ts';

type Locals = { user: SessionUser | null };

/** For pages: an anonymous visitor is sent to sign in and brought back afterwards. */
export function requireUser(locals: Locals, url?: URL): SessionUser {
	if (!locals.user) {
		const back = url ? `?redirectTo=${encodeURIComponent(url.pathname + url.search)}` : '';
		redirect(303, `/login${back}`);
	}
	return locals.user;
}

export function requireRole(locals: Locals, roles: readonly Role[], url?: URL): SessionUser {
	const user = requireUser(locals, url);
	if (!roles.includes(user.role)) error(403, 'この操作を行う権限がありません。');
	return user;
}

/** For endpoints (downloads, JSON): 401 instead of a redirect. */
export function requireUserApi(locals: Locals): SessionUser {
	if (!locals.user) error(401, 'サインインが必要です。');
	return locals.user;
}

/**
 * For the admins' pages, forms and files (/admin/**): anyone else, signed in or not, gets the 404
 * of a page that is not there — a route outside one's reach answers as one that does not exist,
 * across the app, so a role learns nothing of what lies beyond it.
 */
export function requireAdmin(locals: Locals): SessionUser {
	if (locals.user?.role !== 'admin') error(404, 'ページが見つかりません。 / Not found.');
	return locals.user;
}
