// The four kinds of people Kairan serves (DESIGN.md, "The people and what they do").
export const ROLES = ['issuer', 'respondent', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
	return (ROLES as readonly string[]).includes(value);
}
