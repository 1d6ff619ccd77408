// Shared by whole numbers, amounts and percentages: the range messages.
import { formatCount, type FieldProblem } from './base.ts';

/** What is wrong with a number against its range, or null. */
export function rangeProblem(
	label: string,
	n: number,
	min: number | undefined,
	max: number | undefined
): string | null {
	if (min !== undefined && n < min)
		return min === 0
			? `${label}に負の数は入力できません。`
			: `${label}は${formatCount(min)}以上で入力してください。`;
	if (max !== undefined && n > max) return `${label}は${formatCount(max)}以下で入力してください。`;
	return null;
}

export const problem = (message: string): FieldProblem[] => [{ path: '', message }];
