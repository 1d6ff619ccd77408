import { m } from '../../paraglide/messages.js';
import {
	PASSWORD_MAX_LENGTH,
	PASSWORD_MIN_LENGTH,
	type PasswordProblem
} from './password-policy.ts';

export function passwordProblemMessage(problem: PasswordProblem): string {
	if (problem === 'too_short') return m.password_too_short({ min: PASSWORD_MIN_LENGTH });
	if (problem === 'too_long') return m.password_too_long({ max: PASSWORD_MAX_LENGTH });
	return m.password_common();
}
