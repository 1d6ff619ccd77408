import { managesAny } from '#lib/server/people/access.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	user: locals.user && {
		name: locals.user.name,
		role: locals.user.role,
		email: locals.user.email,
		/** Manages some department's people and addresses (a link to /department). */
		managesDepartments: locals.user.role !== 'admin' && managesAny(locals.user)
	},
	path: url.pathname + url.search
});
