// The notice editor's repeated rows (宛名, 記, 照会先): the list of rows is state, the inputs in
// them stay uncontrolled, so moving a row moves its element with everything typed in it. Focus
// stays with the row a button acted on, for keyboard and screen-reader users.
import { tick } from 'svelte';

/**
 * A row of a repeated group. A row that came from the server keeps its index as posted for
 * its key, so a message the server keyed `contactPhone-1` stays beside that row however the
 * rows are moved; rows added here get keys no message can name.
 */
export type Row<T> = { key: string; value: T };

/** Makes a new row's key; one maker per editor, so no two rows it adds share an id. */
export type NewRow = <T>(value: T) => Row<T>;

export function rowMaker(): NewRow {
	let added = 0;
	return <T>(value: T): Row<T> => ({ key: `new${++added}`, value });
}

/**
 * Rows for a list plus the one blank row. A list echoed after a refused save ends with the
 * blank row it was posted with: that one is not doubled.
 */
export function rowsOf<T>(list: T[], blank: T): Row<T>[] {
	const isBlank = (v: T) => JSON.stringify(v) === JSON.stringify(blank);
	const kept = list.length > 0 && isBlank(list[list.length - 1]) ? list.slice(0, -1) : list;
	return [...kept, blank].map((value, i) => ({ key: String(i), value }));
}

/**
 * After a move, focus stays with the row: on the button that moved it, or — when the row
 * reached the end of the list and that button is disabled — on the one for the other way.
 */
export function focusMoved(prefix: string, delta: number) {
	tick().then(() => {
		const [same, other] = delta < 0 ? ['up', 'down'] : ['down', 'up'];
		const button = (which: string) =>
			document.getElementById(`${prefix}-${which}`) as HTMLButtonElement | null;
		const target = [button(same), button(other)].find((b) => b && !b.disabled);
		target?.focus();
	});
}

/** Moves row i of a list by delta; focus follows the row (prefix: its buttons' id). */
export function moveRow<T>(rows: Row<T>[], i: number, delta: number, prefix: string) {
	const j = i + delta;
	if (j < 0 || j >= rows.length) return rows;
	const next = [...rows];
	[next[i], next[j]] = [next[j], next[i]];
	focusMoved(`${prefix}-${rows[i].key}`, delta);
	return next;
}

/** Removes row i (a list keeps at least one row) and puts focus on the next row's field. */
export function removeRow<T>(
	rows: Row<T>[],
	i: number,
	blank: T,
	newRow: NewRow,
	focus: (key: string) => string
) {
	const next = rows.filter((_, n) => n !== i);
	if (next.length === 0) next.push(newRow(blank));
	const target = next[Math.min(i, next.length - 1)];
	tick().then(() => document.getElementById(focus(target.key))?.focus());
	return next;
}

/** Adds a blank row at the end and puts focus on its (first) field. */
export function addRow<T>(
	rows: Row<T>[],
	blank: T,
	newRow: NewRow,
	focus: (key: string) => string
) {
	const row = newRow(blank);
	tick().then(() => document.getElementById(focus(row.key))?.focus());
	return [...rows, row];
}
