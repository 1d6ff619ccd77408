// Who must answer an item, and by when: ONE home for each rule. Every screen and aggregate
// (the respond page, progress, drill-down, delivery, reminders, open items) asks these.
import type { BodyKind } from '../local-government-code.ts';
import type { AppliesTo, ItemDefinition } from './definition.ts';

/** What a department is, for the rule: the kind of its body and its function. */
export type DepartmentRef = { bodyKind: BodyKind; function: string };

/**
 * Whether the department must answer the item: its body kind among `bodyKinds` and its
 * function among `functions`, an empty list narrowing nothing (so {} is every recipient).
 */
export function itemAppliesTo(
	item: Pick<ItemDefinition, 'appliesTo'>,
	department: DepartmentRef
): boolean {
	return appliesToDepartment(item.appliesTo, department);
}

export function appliesToDepartment(rule: AppliesTo, department: DepartmentRef): boolean {
	const kinds = rule.bodyKinds as readonly string[];
	const functions = rule.functions as readonly string[];
	return (
		(kinds.length === 0 || kinds.includes(department.bodyKind)) &&
		(functions.length === 0 || functions.includes(department.function))
	);
}

/** The item's own deadline, else the notice's; null when neither has one (YYYY-MM-DD). */
export function effectiveDeadline(
	item: Pick<ItemDefinition, 'deadline'>,
	notice: { deadline: string | null }
): string | null {
	return item.deadline ?? notice.deadline ?? null;
}

/** Past the effective deadline on `today` (YYYY-MM-DD, Japan time): the deadline day itself is not. */
export function isOverdue(
	item: Pick<ItemDefinition, 'deadline'>,
	notice: { deadline: string | null },
	today: string
): boolean {
	const deadline = effectiveDeadline(item, notice);
	return deadline !== null && today > deadline;
}
