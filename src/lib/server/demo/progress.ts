// Deterministic, varied demo progress: the same database every time, so screenshots,
// tests and a person's second look all agree. Each department's fate is drawn from a small
// seeded PRNG keyed by its code and function; what it answers is generated from each item's
// definition (answers.ts), so the demo works for whatever items its data file defines.
import { addDays, todayInJapan } from '../../domain/dates.ts';
import {
	itemAppliesTo,
	type DepartmentRef,
	type ItemDefinition
} from '../../domain/forms/index.ts';
import type { BehaviourData } from '../../domain/forms/presentation.ts';
import { demoAnswer } from './answers.ts';

type RecipientIn = { id: string; key: string; department: DepartmentRef; userId: string };
type ItemIn = { id: string; definition: ItemDefinition };

/** mulberry32: tiny, fast and good enough for demo data (not for anything secret). */
function prng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function hash(text: string): number {
	let h = 2166136261;
	for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
	return h >>> 0;
}

const HOUR = 3600_000;

export function demoProgress(input: {
	publishedAt: Date;
	deadline: string;
	recipients: RecipientIn[];
	responseItems: ItemIn[];
	/** What behaviours offer (grant lines); `today` is each answer's own day. */
	behaviourData: Omit<BehaviourData, 'today'>;
}) {
	const views: { recipientId: string; at: Date; userId: string }[] = [];
	const acknowledgments: {
		recipientId: string;
		versionNumber: number;
		userId: string;
		createdAt: Date;
	}[] = [];
	const responses: {
		recipientId: string;
		responseItemId: string;
		status: string;
		data: object;
		updatedById: string;
		updatedAt: Date;
		submittedAt: Date | null;
	}[] = [];
	const deadlineEnd = new Date(`${addDays(input.deadline, 1)}T00:00:00+09:00`);

	for (const r of input.recipients) {
		const random = prng(hash(r.key));
		if (random() > 0.93) continue; // never opened it
		const viewedAt = new Date(input.publishedAt.getTime() + random() * 10 * 24 * HOUR);
		views.push({ recipientId: r.id, at: viewedAt, userId: r.userId });
		if (random() > 0.85) continue; // opened, not acknowledged
		const acknowledgedAt = new Date(viewedAt.getTime() + random() * 3 * 24 * HOUR);
		acknowledgments.push({
			recipientId: r.id,
			versionNumber: 1,
			userId: r.userId,
			createdAt: acknowledgedAt
		});
		for (const item of input.responseItems) {
			if (!itemAppliesTo(item.definition, r.department)) continue;
			const roll = random();
			if (roll > 0.8) continue; // not started
			// Most answer before the deadline; a few after it (late), a few only save a draft.
			const late = roll > 0.68;
			const at = late
				? new Date(deadlineEnd.getTime() + random() * 14 * 24 * HOUR)
				: new Date(
						acknowledgedAt.getTime() +
							random() * Math.max(0, deadlineEnd.getTime() - acknowledgedAt.getTime())
					);
			// The answer's content has a generator of its own: it does not shift the fates above.
			const day = todayInJapan(at);
			const answer = demoAnswer(
				item.definition,
				prng(hash(`${r.key}/${item.definition.number}`)),
				day,
				{ ...input.behaviourData, today: day }
			);
			const draft = roll < 0.1 || !answer.complete;
			responses.push({
				recipientId: r.id,
				responseItemId: item.id,
				status: draft ? 'draft' : 'submitted',
				data: answer.data,
				updatedById: r.userId,
				updatedAt: at,
				submittedAt: draft ? null : at
			});
		}
	}
	return { views, acknowledgments, responses };
}
