// The second layer's status of one forwarded recipient (転送先), shared by the server lists and
// the pages: from the rollup's state of the recipient (reports/rollup.ts: the day it acknowledged
// the current version, and whether every item that applies to it is submitted).

/** Furthest along first. `acknowledged_only`: acknowledged, and no item applies to it. */
export const FORWARDED_STATUSES = [
	'answered',
	'acknowledged_only',
	'acknowledged',
	'not_acknowledged'
] as const;
export type ForwardedStatus = (typeof FORWARDED_STATUSES)[number];

/** The list filters in the address bar: 未確認 / 未回答 / 回答済み. */
export const FORWARDED_FILTERS = ['unacknowledged', 'unanswered', 'answered'] as const;
export type ForwardedFilter = (typeof FORWARDED_FILTERS)[number];

/**
 * `state`: none (no item applies), complete (all applicable items submitted) or open. Answering
 * implies receipt, so a complete recipient is answered whether or not it pressed 受領確認.
 */
export function forwardedStatusOf(tally: { ackDay: string; state: string }): ForwardedStatus {
	if (tally.state === 'complete') return 'answered';
	if (tally.ackDay === '') return 'not_acknowledged';
	return tally.state === 'none' ? 'acknowledged_only' : 'acknowledged';
}

/** Whether a forwarding prefecture's reminder (督促) goes to a recipient in this status. */
export const needsReminder = (status: ForwardedStatus) =>
	status === 'not_acknowledged' || status === 'acknowledged';
