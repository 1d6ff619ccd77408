// How values come back from a raw statement ($queryRaw), which the two adapters type differently:
// one home for reading them, so every raw read converts them the same way.

/**
 * A stored instant: a Date (PostgreSQL), ISO text (SQLite, or PostgreSQL through to_char; UTC
 * when the text carries no zone) or milliseconds since the epoch (SQLite's other DateTime form).
 */
export function instant(v: unknown): Date {
	if (v instanceof Date) return v;
	if (typeof v === 'string' && !/(Z|[+-]\d\d:?\d\d)$/i.test(v)) return new Date(`${v}Z`);
	return new Date(v as string | number);
}

/** A JSON column: parsed already (PostgreSQL), or its text (SQLite). */
export const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
