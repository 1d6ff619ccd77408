// The releases a database may be upgraded from, each as a fixture: the migrations that release
// shipped (frozen copies under ./migrations, taken from git history) and rows written the way
// that release wrote them (its demo loader's shapes, in plain SQL — the current client
// describes the current schema, not theirs).
//
// To add a release: copy its new migration folders from git into ./migrations/<provider>/
// (`git show <commit>:prisma/<provider>/migrations/<name>/migration.sql`), add an entry below
// with its last migration and its seed (reuse seedRelease's options or add one for the tables
// that release introduced), and upgrade.spec.ts runs the upgrade on both databases.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration } from '../../../src/lib/server/db/migrate.ts';
import type { DbTarget } from '../../../src/lib/server/db/client.ts';
import type { RawDb, Row } from './raw.ts';
import { runsHealthCenter } from '../../../src/lib/domain/local-government-code.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

export type Release = {
	/** A name for messages: the date and what it brought. */
	name: string;
	/** The commit it was built from (for the record). */
	commit: string;
	/** The last migration it shipped; it shipped every earlier one too. */
	lastMigration: string;
	/** Writes the release's data into a database migrated to its schema. */
	seed: (db: RawDb) => Promise<void>;
};

export const RELEASES: Release[] = [
	{
		// Responses were written only by the demo loader; no ResponseSubmission table yet.
		name: '2026-11-28 notices (before the responses history)',
		commit: '93f51c1',
		lastMigration: '20261128134323_notice_search_text',
		seed: (db) => seedRelease(db, { submissions: false, answer: answerOfNoticesRelease })
	},
	{
		// Every submission kept in ResponseSubmission; some answers submitted twice.
		name: '2026-11-28 responses (with the responses history)',
		commit: 'afc6a46',
		lastMigration: '20261128141846_responses_history_and_reminders',
		seed: (db) => seedRelease(db, { submissions: true, answer: answerOfResponsesRelease })
	}
];

/** The migrations a release shipped, from the frozen copies. */
export function releaseMigrations(release: Release, provider: DbTarget['provider']): Migration[] {
	const dir = path.join(here, 'migrations', provider);
	const names = readdirSync(dir)
		.filter((n) => n <= release.lastMigration)
		.sort();
	if (names.at(-1) !== release.lastMigration)
		throw new Error(`${release.name}: ${release.lastMigration} is missing from ${dir}`);
	return names.map((name) => ({
		name,
		sql: readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
	}));
}

// ---------------------------------------------------------------------------------------------
// The data: the national reference bodies, the seed notice published to their health and
// center departments (204 recipients), and each department's deterministic progress, drawn as
// those releases' demo loader drew it (src/lib/server/demo/progress.ts at their commits).

export const NOTICE_ID = 'notice-onestop-2024';
export const VIEWER_EMAIL = 'viewer@example.jp';
const PUBLISHED_AT = new Date('2024-10-08T10:00:00+09:00');
const DEADLINE = '2024-11-08';
const HOUR = 3600_000;

const ITEMS = [
	{ number: 1, kind: 'status_checklist', title: 'リーフレットの周知・配布', functions: ['health'] },
	{
		number: 2,
		kind: 'medical_institutions',
		title: '協力可能な医療機関の情報',
		functions: ['health']
	},
	{
		number: 3,
		kind: 'coordination_record',
		title: '衛生主管部局とセンター所管部局との連携',
		functions: ['health', 'onestop_center']
	},
	{ number: 4, kind: 'grant_report', title: '交付金の活用', functions: ['onestop_center'] }
];

type Answer = (kind: string, random: () => number, at: Date) => object;

type SeedOptions = { submissions: boolean; answer: Answer };

/** The bodies those releases shipped: the 157 that run a 保健所 (municipalities came later). */
function organizations() {
	const lines = readFileSync(path.join(root, 'prisma/data/organizations.csv'), 'utf8')
		.trim()
		.split('\n')
		.slice(1);
	return lines
		.map((line) => {
			const [code, kind, prefectureCode, name, nameKana] = line.split(',');
			return { code, kind, prefectureCode, name, nameKana };
		})
		.filter((o) => runsHealthCenter(o.kind));
}

async function seedRelease(db: RawDb, options: SeedOptions) {
	const orgs = organizations();
	const at = new Date('2024-10-01T00:00:00Z');
	await db.insert(
		'Organization',
		[
			{ id: 'org-mhlw', kind: 'ministry', name: '厚生労働省', nameKana: 'こうせいろうどうしょう' },
			...orgs.map((o) => ({
				id: `org-${o.code}`,
				localGovernmentCode: o.code,
				kind: o.kind,
				prefectureCode: o.prefectureCode,
				name: o.name,
				nameKana: o.nameKana
			}))
		].map((o) => ({ localGovernmentCode: null, prefectureCode: null, ...o }))
	);
	const departments = [
		{
			id: 'dep-mhlw',
			organizationId: 'org-mhlw',
			name: '医政局総務課',
			function: 'ministry_office'
		},
		...orgs.map((o) => ({
			id: `dep-${o.code}-health`,
			organizationId: `org-${o.code}`,
			name: '衛生主管部（局）',
			function: 'health'
		})),
		...orgs
			.filter((o) => o.kind === 'prefecture')
			.map((o) => ({
				id: `dep-${o.code}-center`,
				organizationId: `org-${o.code}`,
				name: 'ワンストップ支援センター所管部（局）',
				function: 'onestop_center'
			}))
	];
	await db.insert('Department', departments);
	await db.insert(
		'DepartmentEmail',
		departments.map((d) => ({
			id: `mail-${d.id}`,
			departmentId: d.id,
			address: `${d.id}@example.jp`
		}))
	);
	const user = (id: string, email: string, role: string, departmentId: string | null): Row => ({
		id,
		email,
		name: email.split('@')[0],
		passwordHash: '',
		role,
		departmentId,
		locale: 'ja',
		createdAt: at
	});
	await db.insert('User', [
		user('user-issuer', 'mhlw.issuer@example.jp', 'issuer', 'dep-mhlw'),
		user('user-viewer', VIEWER_EMAIL, 'viewer', null),
		...departments
			.filter((d) => d.id !== 'dep-mhlw')
			.map((d) => user(`user-${d.id}`, `staff.${d.id}@example.jp`, 'respondent', d.id))
	]);
	await db.insert(
		'GrantLine',
		[
			['operating_costs', '運営費', 1, 2],
			['medical_costs', '医療費等', 1, 3],
			['legal_support', 'AV出演被害者の法的支援', 10, 10]
		].map(([code, name, n, d]) => ({
			id: `grant-2024-${code}`,
			fiscalYear: 2024,
			code,
			name,
			subsidyRateNumerator: n,
			subsidyRateDenominator: d
		}))
	);

	await db.insert('Notice', [
		{
			id: NOTICE_ID,
			status: 'published',
			currentVersionNumber: 1,
			createdById: 'user-issuer',
			createdAt: at,
			updatedAt: PUBLISHED_AT,
			publishedAt: PUBLISHED_AT
		}
	]);
	await db.insert('NoticeIssuer', [{ noticeId: NOTICE_ID, departmentId: 'dep-mhlw', position: 1 }]);
	await db.insert('NoticeVersion', [
		{
			id: `${NOTICE_ID}-v1`,
			noticeId: NOTICE_ID,
			number: 1,
			noticeType: 'administrative_liaison',
			title: '性犯罪・性暴力被害者のためのワンストップ支援センターの周知について',
			issuedOn: '2024-10-08',
			addresseeLines: ['各都道府県・保健所設置市・特別区衛生主管部（局）　御中'],
			addresseeRule: {
				bodyKinds: [
					'prefecture',
					'designated_city',
					'core_city',
					'other_health_center_city',
					'special_ward'
				],
				functions: ['health', 'onestop_center'],
				include: [],
				exclude: []
			},
			preamble: '周知についてご協力をお願いします。',
			items: ITEMS.map((i) => ({ number: i.number, heading: i.title, text: i.title })),
			contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '' }],
			references: [],
			deadline: DEADLINE,
			searchText: '',
			createdAt: at,
			publishedAt: PUBLISHED_AT,
			publishedById: 'user-issuer'
		}
	]);
	await db.insert(
		'ResponseItem',
		ITEMS.map((i) => ({
			id: `item-${i.number}`,
			noticeId: NOTICE_ID,
			number: i.number,
			title: i.title,
			kind: i.kind,
			functions: i.functions,
			deadline: null
		}))
	);
	const recipients = departments
		.filter((d) => d.id !== 'dep-mhlw')
		.map((d) => ({
			id: `rcp-${d.id}`,
			departmentId: d.id,
			function: d.function,
			key: `${d.organizationId.slice(4)}/${d.function}`,
			userId: `user-${d.id}`
		}));
	const progress = demoProgress(
		recipients,
		ITEMS.map((i) => ({ id: `item-${i.number}`, ...i })),
		options.answer
	);
	const viewed = new Map(progress.views.map((v) => [v.recipientId, v]));
	await db.insert(
		'Recipient',
		recipients.map((r) => ({
			id: r.id,
			noticeId: NOTICE_ID,
			departmentId: r.departmentId,
			firstViewedAt: viewed.get(r.id)?.at ?? null,
			firstViewedById: viewed.get(r.id)?.userId ?? null
		}))
	);
	await db.insert(
		'Acknowledgment',
		progress.acknowledgments.map((a) => ({ id: `ack-${a.recipientId}`, ...a }))
	);
	await db.insert(
		'Response',
		progress.responses.map((r) => ({ id: `rsp-${r.recipientId}-${r.responseItemId}`, ...r }))
	);
	if (options.submissions) {
		// As the responses release's own.ts wrote them: one row per submission; the response
		// holds the latest. Every fifth answer was submitted twice, the first time a day earlier
		// with an earlier version of the answer.
		const rows: Row[] = [];
		progress.responses
			.filter((r) => r.status === 'submitted')
			.forEach((r, n) => {
				const responseId = `rsp-${r.recipientId}-${r.responseItemId}`;
				const twice = n % 5 === 0;
				if (twice)
					rows.push({
						id: `sub-${responseId}-1`,
						responseId,
						number: 1,
						data: { ...r.data, superseded: true },
						submittedAt: new Date(r.submittedAt!.getTime() - 24 * HOUR),
						submittedById: r.updatedById
					});
				rows.push({
					id: `sub-${responseId}-${twice ? 2 : 1}`,
					responseId,
					number: twice ? 2 : 1,
					data: r.data,
					submittedAt: r.submittedAt,
					submittedById: r.updatedById
				});
			});
		await db.insert('ResponseSubmission', rows);
	}
}

/** mulberry32, as the demo loader used it. */
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

/** The releases' demoProgress (same draw in both; only the answers' shapes differ). */
function demoProgress(
	recipients: { id: string; key: string; function: string; userId: string }[],
	items: { id: string; kind: string; functions: string[] }[],
	answer: Answer
) {
	const views: { recipientId: string; at: Date; userId: string }[] = [];
	const acknowledgments: Row[] = [];
	const responses: {
		recipientId: string;
		responseItemId: string;
		status: string;
		data: Record<string, unknown>;
		updatedById: string;
		updatedAt: Date;
		submittedAt: Date | null;
	}[] = [];
	const deadlineEnd = new Date(`2024-11-09T00:00:00+09:00`);
	for (const r of recipients) {
		const random = prng(hash(r.key));
		if (random() > 0.93) continue;
		const viewedAt = new Date(PUBLISHED_AT.getTime() + random() * 10 * 24 * HOUR);
		views.push({ recipientId: r.id, at: viewedAt, userId: r.userId });
		if (random() > 0.85) continue;
		const acknowledgedAt = new Date(viewedAt.getTime() + random() * 3 * 24 * HOUR);
		acknowledgments.push({
			recipientId: r.id,
			versionNumber: 1,
			userId: r.userId,
			createdAt: acknowledgedAt
		});
		for (const item of items) {
			if (item.functions.length > 0 && !item.functions.includes(r.function)) continue;
			const roll = random();
			if (roll > 0.8) continue;
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
				data: answer(item.kind, random, at) as Record<string, unknown>,
				updatedById: r.userId,
				updatedAt: at,
				submittedAt: draft ? null : at
			});
		}
	}
	return { views, acknowledgments, responses };
}

/** The notices release's demo answers (93f51c1): only 記1 and 記3 had content. */
function answerOfNoticesRelease(kind: string, random: () => number, at: Date): object {
	const day = at.toISOString().slice(0, 10);
	switch (kind) {
		case 'status_checklist':
			return {
				status: random() > 0.2 ? 'done' : 'in_progress',
				distributedOn: day,
				institutionsReached: 20 + Math.floor(random() * 400),
				methods: random() > 0.5 ? ['mail', 'website'] : ['association_meeting'],
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
		default:
			return {};
	}
}

/** The responses release's demo answers (afc6a46): every kind filled. */
function answerOfResponsesRelease(kind: string, random: () => number, at: Date): object {
	switch (kind) {
		case 'status_checklist': {
			const v = answerOfNoticesRelease(kind, random, at) as { methods: string[] };
			return {
				...v,
				methods: v.methods.map((m) => (m === 'website' ? 'prefecture_website' : m))
			};
		}
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
			return answerOfNoticesRelease(kind, random, at);
	}
}
