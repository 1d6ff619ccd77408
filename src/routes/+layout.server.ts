import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	user: locals.user && { name: locals.user.name, role: locals.user.role, email: locals.user.email },
	path: url.pathname + url.search
});
