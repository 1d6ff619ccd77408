// Form actions report a UserError beside the form (status and message, and the field it
// belongs to); anything else is a bug and propagates to handleError.
import { fail } from '@sveltejs/kit';
import { UserError } from '../errors.ts';

export function userFailure(error: unknown, extra: Record<string, unknown> = {}) {
	if (error instanceof UserError) {
		return fail(error.status, { message: error.message, field: error.field ?? null, ...extra });
	}
	throw error;
}
