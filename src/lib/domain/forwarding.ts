// Forwarding (転送, issue 13): a prefecture's department passes a notice on to the bodies of its
// own prefecture. The pure rules, shared by the server (which applies them in SQL, see
// server/forwarding/rules.ts) and the forward screen (which labels each body with its status).
import type { BodyKind } from './local-government-code.ts';

/**
 * Kinds a prefecture may forward to: its municipalities (市・町・村) and the bodies that run their
 * own health center (they are often addressed directly; the duplicate rule below keeps them from
 * receiving the notice twice, but one the issuer did not address can still be reached this way).
 */
export const FORWARD_TARGET_KINDS = [
	'designated_city',
	'core_city',
	'other_health_center_city',
	'special_ward',
	'city',
	'town',
	'village'
] as const satisfies readonly BodyKind[];

export function isForwardTargetKind(kind: string): boolean {
	return (FORWARD_TARGET_KINDS as readonly string[]).includes(kind);
}

/**
 * Where a body stands for one notice and one forwarding department:
 * - `direct`: one of its departments is a first-level recipient (the issuer addressed it);
 * - `forwarded`: one of its departments was reached by an earlier forwarding;
 * - `no_department`: it has no current department with the forwarder's function (the
 *   prefecture's administrator adds it in the directory first);
 * - `available`: it may be forwarded to.
 */
export type ForwardStatus = 'available' | 'direct' | 'forwarded' | 'no_department';

/** What the database says about a body (server/forwarding/rules.ts). */
export type BodyFacts = {
	/** The receiving department (same function as the forwarder), null when there is none. */
	departmentId: string | null;
	/** Its recipients on this notice: none, some first-level one, or only second-level ones. */
	reached: 'none' | 'direct' | 'forwarded';
};

/**
 * Duplicate avoidance: a body that already has ANY recipient on the notice is never sent it
 * again, whatever department or level; being addressed directly outranks having been forwarded
 * to (that is what the screen should tell). Only then does a missing department matter.
 */
export function forwardStatus(body: BodyFacts): ForwardStatus {
	if (body.reached === 'direct') return 'direct';
	if (body.reached === 'forwarded') return 'forwarded';
	if (body.departmentId === null) return 'no_department';
	return 'available';
}

/** Whether a notice (in its current state) accepts forwardings. */
export function noticeForwardable(notice: { status: string; forwardable: boolean }): boolean {
	return notice.status === 'published' && notice.forwardable;
}

/**
 * Whether a department may forward the notice: its own recipient row is first level and its body
 * is a prefecture. Second-level recipients never forward further (the hierarchy has two levels).
 */
export function recipientMayForward(recipient: {
	forwardingId: string | null;
	organizationKind: string;
	prefectureCode: string | null;
}): boolean {
	return (
		recipient.forwardingId === null &&
		recipient.organizationKind === 'prefecture' &&
		recipient.prefectureCode !== null
	);
}

/** Most bodies one forwarding may name (a prefecture has at most ~200 target bodies). */
export const MAX_FORWARD_BODIES = 400;

/** A 全国地方公共団体コード as the form sends it: six digits. */
export const BODY_CODE = /^\d{6}$/;
