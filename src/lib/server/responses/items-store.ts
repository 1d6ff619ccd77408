// Saving an item's definition: the one way a ResponseItem's definition is written, so the
// columns grouped SQL reads (functions, bodyKinds, deadline, title — see due.ts) never disagree
// with the definition the respond page validates by.
import type { Tx } from '../db/client.ts';
import type { ItemDefinition } from '../../domain/forms/index.ts';
import { toStoredDefinition } from '../../domain/forms/stored.ts';
import * as rollup from '../reports/rollup.ts';

/** The ResponseItem columns a definition sets, mirrors included. */
export function itemDefinitionColumns(definition: ItemDefinition) {
	return {
		number: definition.number,
		title: definition.title,
		deadline: definition.deadline ?? null,
		functions: [...definition.appliesTo.functions],
		bodyKinds: [...definition.appliesTo.bodyKinds],
		definition: toStoredDefinition(definition) as object
	};
}

/** Stores the item's definition and its mirrored columns on an existing ResponseItem row. */
export async function storeItemDefinition(tx: Tx, itemId: string, definition: ItemDefinition) {
	const { noticeId } = await tx.responseItem.update({
		where: { id: itemId },
		data: itemDefinitionColumns(definition),
		select: { noticeId: true }
	});
	// Who answers it and by when may have changed: the dashboards recount the notice.
	await rollup.onItemsChanged(tx, noticeId);
}
