// Deterministic, varied demo progress: the same database every time, so screenshots,
// tests and a person's second look all agree. Each department's fate is drawn from a small
// seeded PRNG keyed by its code and function.
import { addDays } from '../../domain/dates.ts';

type RecipientIn = { id: string; key: string; function: string; userId: string };
type ItemIn = { id: string; kind: string; functions: unknown };

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
			const functions = item.functions as string[];
			if (functions.length > 0 && !functions.includes(r.function)) continue;
			const roll = random();
			if (roll > 0.8) continue; // not started
			// Most answer before the deadline; a few after it (late), a few only save a draft.
			const late = roll > 0.68;
			const draft = roll < 0.1;
			const at = late
				? new Date(deadlineEnd.getTime() + random() * 14 * 24 * HOUR)
				: new Date(
						acknowledgedAt.getTime() +
							random() * Math.max(0, deadlineEnd.getTime() - acknowledgedAt.getTime())
					);
			responses.push({
				recipientId: r.id,
				responseItemId: item.id,
				status: draft ? 'draft' : 'submitted',
				data: demoResponse(item.kind, random, at),
				updatedById: r.userId,
				updatedAt: at,
				submittedAt: draft ? null : at
			});
		}
	}
	return { views, acknowledgments, responses };
}

/** Institutional facts and aggregate numbers only — never anything about a person. */
function demoResponse(kind: string, random: () => number, at: Date): object {
	const day = at.toISOString().slice(0, 10);
	switch (kind) {
		case 'status_checklist':
			return {
				status: random() > 0.2 ? 'done' : 'in_progress',
				distributedOn: day,
				institutionsReached: 20 + Math.floor(random() * 400),
				methods: random() > 0.5 ? ['mail', 'prefecture_website'] : ['association_meeting'],
				note: ''
			};
		case 'coordination_record':
			return {
				entries: [
					{
						date: day,
						counterpart: 'センター所管部局',
						topic: '医療機関との連携体制について',
						outcome: '協力医療機関の情報を共有した'
					}
				]
			};
		case 'medical_institutions': {
			const count = 1 + Math.floor(random() * 4);
			const departments = ['obstetrics_gynecology', 'emergency', 'pediatrics', 'psychiatry'];
			return {
				institutions: Array.from({ length: count }, (_, i) => ({
					name: `協力医療機関${i + 1}`,
					municipality: '（所在地）',
					clinicalDepartments: departments
						.filter(() => random() > 0.4)
						.concat('obstetrics_gynecology')
						.filter((d, j, a) => a.indexOf(d) === j),
					accepts24Hours: random() > 0.5,
					collectsEvidence: random() > 0.4,
					emergencyContraception: random() > 0.3,
					housesCenter: i === 0 && random() > 0.6,
					contact: '地域連携室'
				}))
			};
		}
		case 'grant_report': {
			const yen = (base: number) => Math.round((base * (0.5 + random())) / 1000) * 1000;
			return {
				fiscalYear: 2024,
				lines: [
					{ code: 'operating_costs', planned: yen(20_000_000), actual: yen(18_000_000) },
					{ code: 'medical_costs', planned: yen(3_000_000), actual: yen(2_500_000) },
					{ code: 'legal_support', planned: yen(600_000), actual: yen(500_000) }
				]
			};
		}
		default:
			return {};
	}
}
