// For specs: the UserError a call was refused with (fails the test if it succeeded or failed
// with anything else — a bug, not a refusal).
import { expect } from 'vitest';
import { UserError } from '../../src/lib/server/errors.ts';

export async function refusal(promise: Promise<unknown>): Promise<UserError> {
	const e = await promise.then(
		() => null,
		(x: unknown) => x
	);
	expect(e).toBeInstanceOf(UserError);
	return e as UserError;
}
