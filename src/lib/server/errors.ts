// Errors a person can act on (a missing field, a state that forbids the action), as opposed
// to bugs. Server modules throw them; routes turn them into form errors or HTTP statuses.
// The message is shown as is: Japanese first, then English.
export class UserError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409 | 413 | 415,
		message: string,
		/** The form field the message belongs beside, when there is one. */
		readonly field?: string
	) {
		super(message);
		this.name = 'UserError';
	}
}

export const notFound = () => new UserError(404, '通知が見つかりません。 / Notice not found.');
