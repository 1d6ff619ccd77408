// An addressee rule says to whom a notice goes without listing 204 rows by hand: every
// department whose function is in `functions` inside a body whose kind is in `bodyKinds`,
// plus `include`d departments, minus `exclude`d ones.
import { z } from 'zod';
import { BODY_KINDS } from './local-government-code.ts';
import { functionCodeSchema } from './departments.ts';

export const addresseeRuleSchema = z.object({
	bodyKinds: z.array(z.enum(BODY_KINDS)),
	/** Function codes from the catalogue (DepartmentFunction); the server checks they exist. */
	functions: z.array(functionCodeSchema).max(200),
	include: z.array(z.string()).default([]),
	exclude: z.array(z.string()).default([])
});

export type AddresseeRule = z.infer<typeof addresseeRuleSchema>;

/** The seed notice's rule: the health department of every body, and every prefecture's center. */
export const ALL_HEALTH_AND_CENTER_DEPARTMENTS: AddresseeRule = {
	bodyKinds: [...BODY_KINDS],
	functions: ['health', 'onestop_center'],
	include: [],
	exclude: []
};
