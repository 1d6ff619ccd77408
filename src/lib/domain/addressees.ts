// An addressee rule says to whom a notice goes without listing 204 rows by hand: every
// department whose function is in `functions` inside a body whose kind is in `bodyKinds`,
// plus `include`d departments, minus `exclude`d ones.
import { z } from 'zod';
import { BODY_KINDS, HEALTH_CENTER_BODY_KINDS } from './local-government-code.ts';
import { functionCodeSchema } from './departments.ts';

export const addresseeRuleSchema = z.object({
	bodyKinds: z.array(z.enum(BODY_KINDS)),
	/** Function codes from the catalogue (DepartmentFunction); the server checks they exist. */
	functions: z.array(functionCodeSchema).max(200),
	include: z.array(z.string()).default([]),
	exclude: z.array(z.string()).default([])
});

export type AddresseeRule = z.infer<typeof addresseeRuleSchema>;

/**
 * The seed notice's rule: the health department of every body that runs a 保健所 (都道府県,
 * 保健所設置市, 特別区), and every prefecture's center. Not the 市・町・村 that run none: they are
 * reached by forwarding, and naming their kinds here would address the health departments the
 * directory (or the demo) gives them directly.
 */
export const ALL_HEALTH_AND_CENTER_DEPARTMENTS: AddresseeRule = {
	bodyKinds: [...HEALTH_CENTER_BODY_KINDS],
	functions: ['health', 'onestop_center'],
	include: [],
	exclude: []
};
