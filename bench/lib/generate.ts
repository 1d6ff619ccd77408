// Deterministic data at national scale (`npm run bench:data`): every department a ministry
// could address, years of notices with generated response definitions, their recipients,
// acknowledgments, answers (drafts, submissions, late ones) and the registry of institutions.
//
// It starts from the app's own start-up (migrations, reference data, demo data and accounts) so
// the result is a database `npm start` serves as it is, then adds rows in batches of plain
// createMany statements (no interactive transaction: a national fill writes ~7M rows). Every
// random choice comes from one seeded generator, so a scale and seed always give the same rows.
//
// The definitions are written by the same schema issuers' files go through
// (parseItemDefinition), and answers are valid for them, so every page reads them as real data.
import type { Db, DbTarget } from '../../src/lib/server/db/client.ts';
import type { ItemDefinition } from '../../src/lib/domain/forms/definition.ts';
import { rebuildMissing } from '../../src/lib/server/reports/rollup.ts';
import { refreshStatistics } from '../../src/lib/server/db/statistics.ts';

export const SCALES = {
	/** A few notices over the demo's departments: fast, for tests of the generator itself. */
	demo: { notices: 8, extraFunctions: 0, institutions: 200 },
	x10: { notices: 60, extraFunctions: 1, institutions: 2_000 },
	x100: { notices: 300, extraFunctions: 3, institutions: 5_000 },
	/** ~5,400 departments, 2,000 notices, ~1M recipients, ~3M responses. */
	national: { notices: 2_000, extraFunctions: 3, institutions: 20_000 }
} as const;
export type Scale = keyof typeof SCALES;

/**
 * Functions every local government has besides the health department (codes as Department.function
 * holds them). One department each per body: with 1,788 bodies and three of them, ~5,400
 * departments in all.
 */
export const EXTRA_FUNCTIONS = [
	{ code: 'child_welfare', name: '児童福祉主管部（局）' },
	{ code: 'welfare', name: '民生主管部（局）' },
	{ code: 'disaster_management', name: '防災主管部（局）' }
] as const;

const HEALTH_CENTER_KINDS = [
	'prefecture',
	'designated_city',
	'core_city',
	'other_health_center_city',
	'special_ward'
];
const ALL_KINDS = [...HEALTH_CENTER_KINDS, 'city', 'town', 'village'];

/** mulberry32: small, fast, good enough for data (not for secrets). */
export function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
		pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
		chance: (p: number) => next() < p
	};
}
type Rng = ReturnType<typeof prng>;

const DAY = 86_400_000;
/** Five fiscal years, 令和4年4月1日 to 令和8年11月30日 (JST noon, as UTC). */
const FIRST_DAY = Date.UTC(2022, 3, 1, 3);
const LAST_DAY = Date.UTC(2026, 10, 30, 3);
const ymd = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * Ids as the app's routes accept them (src/params.ts: 20–40 of [a-z0-9], like a cuid), made of a
 * word saying what the row is and zero-padded numbers, so they are readable and deterministic.
 * Every generated id starts with "g" and a cuid starts with "c".
 */
export const GENERATED_NOTICE_PREFIX = 'gnotice';
const pad = (n: number | string, width: number) => String(n).padStart(width, '0');
const gid = (word: string, ...parts: (number | string)[]) => {
	const id = `g${word}${parts.join('')}`;
	return id.length >= 20 ? id : `g${word}${'0'.repeat(20 - id.length)}${parts.join('')}`;
};

type Dept = { id: string; function: string; kind: string; prefectureCode: string | null };

/** Writes a batch of rows of one table, all with the same columns, in one statement or transaction. */
export type BulkInsert = (table: string, rows: Record<string, unknown>[]) => Promise<void>;

/** SQLite through better-sqlite3 itself: one prepared statement, one transaction per batch. */
export async function sqliteBulkInsert(file: string) {
	const { default: Database } = await import('better-sqlite3');
	const sqlite = new Database(file);
	sqlite.pragma('busy_timeout = 10000');
	const statements = new Map<string, import('better-sqlite3').Statement>();
	// As Prisma's SQLite adapter stores them: ISO text with an explicit UTC offset, JSON as text,
	// booleans as 0/1.
	const value = (v: unknown) =>
		v instanceof Date
			? v.toISOString().replace('Z', '+00:00')
			: typeof v === 'boolean'
				? Number(v)
				: v !== null && typeof v === 'object'
					? JSON.stringify(v)
					: v;
	const insert: BulkInsert = async (table, rows) => {
		const columns = Object.keys(rows[0]);
		const key = `${table}(${columns})`;
		let statement = statements.get(key);
		if (!statement) {
			statement = sqlite.prepare(
				`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES (${columns.map(() => '?').join(',')})`
			);
			statements.set(key, statement);
		}
		const run = statement;
		sqlite.transaction(() => {
			for (const row of rows) run.run(columns.map((c) => value(row[c])));
		})();
	};
	return { insert, close: () => sqlite.close() };
}

/** PostgreSQL through pg: one multi-row INSERT per batch (well under 65,535 parameters). */
export async function postgresBulkInsert(url: string) {
	const { default: pg } = await import('pg');
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	// timestamp(3) columns hold UTC without a zone (as Prisma writes them): the ISO text's Z is
	// ignored on input, which is what we want.
	const value = (v: unknown) =>
		v instanceof Date
			? v.toISOString()
			: v !== null && typeof v === 'object'
				? JSON.stringify(v)
				: v;
	const insert: BulkInsert = async (table, rows) => {
		const columns = Object.keys(rows[0]);
		const params: unknown[] = [];
		const tuples = rows.map((row) => {
			const start = params.length;
			for (const c of columns) params.push(value(row[c]));
			return `(${columns.map((_, i) => `$${start + i + 1}`).join(',')})`;
		});
		await client.query(
			`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}`,
			params
		);
	};
	return { insert, close: () => client.end() };
}

/** Buffers rows per table and writes them in batches. */
class Writer {
	counts: Record<string, number> = {};
	private buffers = new Map<string, Record<string, unknown>[]>();
	constructor(
		private insert: BulkInsert,
		private batch: number
	) {}
	async add(table: string, row: Record<string, unknown>) {
		let buffer = this.buffers.get(table);
		if (!buffer) this.buffers.set(table, (buffer = []));
		buffer.push(row);
		// Everything goes out together, parents first, so no foreign key points at a row still in
		// a buffer; few, large transactions keep a national fill to minutes.
		if (buffer.length >= this.batch) await this.flushAll(ORDER);
	}
	async flush(table: string) {
		const rows = this.buffers.get(table);
		if (!rows || rows.length === 0) return;
		this.buffers.set(table, []);
		// "Recipient@2" is a second buffer of Recipient rows, flushed after Forwarding (which
		// points at a first-level recipient and is pointed at by a second-level one).
		const name = table.split('@')[0];
		await this.insert(name, rows);
		this.counts[name] = (this.counts[name] ?? 0) + rows.length;
	}
	/** Parents before children: a foreign key never points at an unwritten row. */
	async flushAll(order: string[]) {
		for (const table of order) await this.flush(table);
	}
}

const ORDER = [
	'Department',
	'DepartmentEmail',
	'User',
	'Notice',
	'NoticeVersion',
	'NoticeIssuer',
	'ResponseItem',
	'Recipient',
	'Forwarding',
	'Recipient@2',
	'Acknowledgment',
	'Response',
	'ResponseSubmission',
	'MedicalInstitution',
	'MedicalInstitutionClinicalDepartment'
];

/** The item shapes generated notices ask: every scalar type dashboards summarise. */
function itemInput(rng: Rng, number: number, appliesTo: object) {
	const shape = rng.int(0, 3);
	const title = ['実施状況', '件数の報告', '体制の確認', '予定の報告'][shape];
	const fields: object[] = [
		{
			key: 'status',
			type: 'single_choice',
			label: '状況',
			required: true,
			choices: [
				{ value: 'done', label: '実施済み' },
				{ value: 'planned', label: '実施予定' },
				{ value: 'none', label: '予定なし' }
			]
		}
	];
	if (shape >= 1)
		fields.push({ key: 'count', type: 'whole_number', label: '件数', unit: '件', min: 0 });
	if (shape >= 2)
		fields.push({ key: 'ready', type: 'yes_no', label: '体制の有無', required: true });
	if (shape >= 3) fields.push({ key: 'when', type: 'date', label: '予定日' });
	fields.push({ key: 'note', type: 'short_text', label: '備考', maxLength: 200 });
	return {
		number,
		paragraph: number,
		title: `${title}（記${number}）`,
		instructions: '該当するものを選び、必要に応じて備考を記入してください。',
		appliesTo,
		fields,
		checks: [],
		summary: []
	};
}

function answerFor(rng: Rng, item: ItemDefinition, at: number) {
	const data: Record<string, unknown> = {};
	for (const field of item.fields) {
		if (field.type === 'single_choice') data[field.key] = rng.pick(['done', 'planned', 'none']);
		else if (field.type === 'whole_number') data[field.key] = rng.int(0, 120);
		else if (field.type === 'yes_no') data[field.key] = rng.chance(0.7);
		else if (field.type === 'date') data[field.key] = ymd(at - rng.int(0, 60) * DAY);
		else if (field.type === 'short_text' && rng.chance(0.3)) data[field.key] = '特記事項なし';
	}
	return data;
}

export type GenerateOptions = {
	db: Db;
	target: DbTarget;
	scale: Scale;
	seed?: number;
	/** Rows per createMany. */
	batch?: number;
	log?: (message: string) => void;
	/** parseItemDefinition from src/lib/domain/forms (passed in: this file runs under Vite). */
	parseItemDefinition: (input: unknown) => ItemDefinition;
};

export async function generate(o: GenerateOptions) {
	const bulk =
		o.target.provider === 'sqlite'
			? await sqliteBulkInsert(o.target.file)
			: await postgresBulkInsert(o.target.url);
	try {
		return await fill(o, bulk.insert);
	} finally {
		await bulk.close();
	}
}

async function fill(o: GenerateOptions, insert: BulkInsert) {
	const { db } = o;
	const log = o.log ?? (() => {});
	const params = SCALES[o.scale];
	const rng = prng(o.seed ?? 20241008);
	const w = new Writer(insert, o.batch ?? 2_000);
	const started = performance.now();

	if ((await db.notice.count({ where: { id: { startsWith: GENERATED_NOTICE_PREFIX } } })) > 0) {
		throw new Error('bench:data: this database already holds generated data; use an empty one');
	}

	// Departments: the reference data's (health, centers, ministries), plus the extra functions for
	// every prefecture and municipality.
	const orgs = await db.organization.findMany({
		where: { kind: { not: 'ministry' } },
		select: { id: true, kind: true, prefectureCode: true, localGovernmentCode: true },
		orderBy: { localGovernmentCode: 'asc' }
	});
	const extras = EXTRA_FUNCTIONS.slice(0, params.extraFunctions);
	for (const org of orgs) {
		for (const f of extras) {
			const id = gid('dept', org.localGovernmentCode!, pad(extras.indexOf(f), 2));
			await w.add('Department', { id, organizationId: org.id, function: f.code, name: f.name });
			await w.add('DepartmentEmail', {
				id: gid('mail', org.localGovernmentCode!, pad(extras.indexOf(f), 2)),
				departmentId: id,
				address: `${f.code}.${org.localGovernmentCode}@example.jp`
			});
			await w.add('User', {
				id: gid('user', org.localGovernmentCode!, pad(extras.indexOf(f), 2)),
				email: `staff.${org.localGovernmentCode}.${f.code}@example.jp`,
				name: '担当',
				role: 'respondent',
				passwordHash: '',
				departmentId: id
			});
		}
	}
	await w.flushAll(ORDER);
	// In a fixed order (code, then function), not by id: ids are random per database, and the
	// order decides which random number each department draws.
	const departments: (Dept & { key: string; index: number })[] = (
		await db.department.findMany({
			where: { function: { not: 'ministry_office' } },
			select: {
				id: true,
				function: true,
				organization: { select: { kind: true, prefectureCode: true, localGovernmentCode: true } }
			}
		})
	)
		.map((d) => ({
			id: d.id,
			function: d.function,
			kind: d.organization.kind,
			prefectureCode: d.organization.prefectureCode,
			key: `${d.organization.localGovernmentCode}-${d.function}`
		}))
		.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
		.map((d, index) => ({ ...d, index }));
	// Someone of each department acknowledges and answers: its first user (demo data gives the
	// reference departments one each).
	const users = await db.user.findMany({
		where: { departmentId: { not: null } },
		select: { id: true, departmentId: true },
		orderBy: { id: 'asc' }
	});
	const userOf = new Map<string, string>();
	for (const u of users) if (!userOf.has(u.departmentId!)) userOf.set(u.departmentId!, u.id);
	const issuer = await db.user.findUniqueOrThrow({ where: { email: 'mhlw.issuer@example.jp' } });
	const office = await db.department.findFirstOrThrow({
		where: { function: 'ministry_office', organization: { name: '厚生労働省' } }
	});
	log(`departments: ${departments.length} addressable (${w.counts.Department ?? 0} added)`);

	// Addressee patterns, weighted to ~550 recipients a notice on average at national scale.
	const fn = (i: number) => extras[Math.min(i, extras.length - 1)]?.code;
	const patterns: { weight: number; kinds: string[]; functions: () => string[] }[] = [
		{ weight: 0.3, kinds: HEALTH_CENTER_KINDS, functions: () => ['health'] },
		{ weight: 0.2, kinds: HEALTH_CENTER_KINDS, functions: () => ['health', 'onestop_center'] },
		{ weight: 0.3, kinds: ['prefecture'], functions: () => [fn(rng.int(0, 2)) ?? 'health'] },
		{ weight: 0.15, kinds: ALL_KINDS, functions: () => [fn(rng.int(0, 2)) ?? 'health'] },
		{
			weight: 0.05,
			kinds: ALL_KINDS,
			functions: () => (extras.length ? [fn(0)!, fn(1)!] : ['health'])
		}
	];
	const pickPattern = () => {
		let r = rng.next();
		for (const p of patterns) if ((r -= p.weight) < 0) return p;
		return patterns[0];
	};

	// Forwarding (issue 13) draws from its own generator, so adding it left every other row as
	// the seed made it before: some prefecture-only notices are forwardable, and most addressed
	// prefecture departments pass them on to every municipality of their prefecture with the same
	// function (second-level recipients, Recipient.forwardingId), some of which view and
	// acknowledge them. No answers: second-level answering is the forwarding issue's to define.
	const fwdRng = prng((o.seed ?? 20241008) ^ 0x5f0d);
	const below = new Map<string, (typeof departments)[number][]>();
	for (const d of departments) {
		if (d.kind === 'prefecture' || !d.prefectureCode) continue;
		const key = `${d.prefectureCode}/${d.function}`;
		let list = below.get(key);
		if (!list) below.set(key, (list = []));
		list.push(d);
	}
	const forward = async (
		d: Dept & { index: number },
		userId: string,
		recipientId: string,
		noticeId: string,
		n: number,
		publishedAt: number,
		progress: number
	) => {
		const forwardingId = gid('fwd', pad(n, 6), pad(d.index, 10));
		const at = publishedAt + fwdRng.int(4, 120) * 3_600_000;
		await w.add('Forwarding', {
			id: forwardingId,
			noticeId,
			recipientId,
			prefectureCode: d.prefectureCode,
			documentNumber: `事務連絡第${fwdRng.int(1, 400)}号`,
			issuedOn: ymd(at),
			coverNote: '標記について、別添のとおり通知がありましたので、お知らせします。',
			createdById: userId,
			createdAt: new Date(at)
		});
		for (const m of below.get(`${d.prefectureCode}/${d.function}`) ?? []) {
			const id = gid('rcpt', pad(n, 6), pad(m.index, 10));
			const mUser = userOf.get(m.id);
			const viewed = mUser !== undefined && fwdRng.chance(0.4 + 0.5 * progress);
			await w.add('Recipient@2', {
				id,
				noticeId,
				departmentId: m.id,
				firstViewedAt: viewed ? new Date(at + fwdRng.int(1, 96) * 3_600_000) : null,
				firstViewedById: viewed ? mUser : null,
				forwardingId
			});
			if (viewed && fwdRng.chance(0.8)) {
				await w.add('Acknowledgment', {
					id: gid('ack', pad(n, 6), pad(m.index, 10)),
					recipientId: id,
					versionNumber: 1,
					userId: mUser,
					createdAt: new Date(at + fwdRng.int(2, 200) * 3_600_000)
				});
			}
		}
	};
	const span = LAST_DAY - FIRST_DAY;
	for (let n = 0; n < params.notices; n++) {
		const noticeId = gid('notice', pad(n, 13));
		const publishedAt = FIRST_DAY + Math.floor((span * (n + rng.next())) / params.notices);
		const deadlineAt = publishedAt + rng.int(14, 45) * DAY;
		const age = LAST_DAY - publishedAt;
		const closed = age > 240 * DAY && rng.chance(0.8);
		const pattern = pickPattern();
		const functions = [...new Set(pattern.functions())];
		const rule = { bodyKinds: pattern.kinds, functions, include: [], exclude: [] };
		const addressed = departments.filter(
			(d) => pattern.kinds.includes(d.kind) && functions.includes(d.function)
		);
		const itemCount = rng.chance(0.1) ? 0 : rng.int(1, 5);
		const items: ItemDefinition[] = [];
		for (let i = 1; i <= itemCount; i++) {
			// Now and then an item only prefectures answer, as 記4 of the seed notice.
			const appliesTo =
				rng.chance(0.15) && pattern.kinds.length > 1
					? { bodyKinds: ['prefecture'], functions: [] }
					: { bodyKinds: [], functions: [] };
			items.push(o.parseItemDefinition(itemInput(rng, i, appliesTo)));
		}
		const fiscalYear = new Date(publishedAt).getUTCMonth() < 3 ? 0 : 1;
		const forwardable =
			pattern.kinds.length === 1 && pattern.kinds[0] === 'prefecture' && fwdRng.chance(0.25);
		await w.add('Notice', {
			id: noticeId,
			status: closed ? 'closed' : 'published',
			currentVersionNumber: 1,
			createdById: issuer.id,
			createdAt: new Date(publishedAt - 3 * DAY),
			updatedAt: new Date(publishedAt),
			publishedAt: new Date(publishedAt),
			closedAt: closed ? new Date(deadlineAt + 60 * DAY) : null,
			reminderDaysBefore: null,
			reminderDaysAfter: null,
			forwardable
		});
		const year = new Date(publishedAt).getUTCFullYear() - 2018 - 1 + fiscalYear;
		await w.add('NoticeVersion', {
			id: gid('version', pad(n, 12)),
			noticeId,
			number: 1,
			noticeType: rng.pick(['notification', 'administrative_liaison', 'request']),
			title: `生成データ第${n + 1}号 ${items.length ? '調査' : '周知'}について（令和${year}年度）`,
			documentNumber: `医政総発${String(n + 1).padStart(4, '0')}第${rng.int(1, 30)}号`,
			issuedOn: ymd(publishedAt),
			addresseeLines: ['各都道府県 衛生主管部（局） 御中'],
			addresseeRule: rule,
			preamble: '標記について、下記のとおりお知らせします。',
			items: Array.from({ length: Math.max(1, itemCount) }, (_, i) => ({
				number: i + 1,
				heading: `事項${i + 1}`,
				text: '内容を確認の上、対応をお願いします。'
			})),
			contacts: [],
			references: [],
			deadline: itemCount ? ymd(deadlineAt) : null,
			createdAt: new Date(publishedAt - 3 * DAY),
			publishedAt: new Date(publishedAt),
			publishedById: issuer.id
		});
		await w.add('NoticeIssuer', { noticeId, departmentId: office.id, position: 0 });
		for (const item of items) {
			await w.add('ResponseItem', {
				id: gid('item', pad(n, 6), pad(item.number, 9)),
				noticeId,
				kind: 'defined',
				number: item.number,
				title: item.title,
				deadline: null,
				functions: [...item.appliesTo.functions],
				bodyKinds: [...item.appliesTo.bodyKinds],
				definition: {
					instructions: item.instructions,
					appliesTo: item.appliesTo,
					fields: item.fields,
					checks: item.checks,
					summary: item.summary
				}
			});
		}
		// How far along answers are: old notices nearly complete, recent ones partly.
		const progress = Math.min(1, age / (deadlineAt - publishedAt + 30 * DAY));
		for (const d of addressed) {
			const recipientId = gid('rcpt', pad(n, 6), pad(d.index, 10));
			const userId = userOf.get(d.id);
			const viewed = userId !== undefined && rng.chance(0.6 + 0.38 * progress);
			await w.add('Recipient', {
				id: recipientId,
				noticeId,
				departmentId: d.id,
				firstViewedAt: viewed ? new Date(publishedAt + rng.int(1, 96) * 3_600_000) : null,
				firstViewedById: viewed ? userId : null
			});
			if (!viewed) continue;
			if (forwardable && fwdRng.chance(0.7))
				await forward(d, userId, recipientId, noticeId, n, publishedAt, progress);
			if (rng.chance(0.9)) {
				await w.add('Acknowledgment', {
					id: gid('ack', pad(n, 6), pad(d.index, 10)),
					recipientId,
					versionNumber: 1,
					userId,
					createdAt: new Date(publishedAt + rng.int(2, 200) * 3_600_000)
				});
			}
			for (const item of items) {
				if (item.appliesTo.bodyKinds.length && !item.appliesTo.bodyKinds.includes(d.kind as never))
					continue;
				const r = rng.next();
				if (r > 0.05 + 0.9 * progress) continue;
				const submitted = r < 0.85 * progress;
				// One answer in ten comes in after the deadline.
				const at = submitted
					? rng.chance(0.1)
						? deadlineAt + rng.int(1, 20) * DAY
						: publishedAt + rng.next() * (deadlineAt - publishedAt)
					: publishedAt + rng.next() * Math.max(DAY, Math.min(age, deadlineAt - publishedAt));
				const data = answerFor(rng, item, at);
				const responseId = gid('resp', pad(n, 6), pad(d.index, 8), pad(item.number, 2));
				await w.add('Response', {
					id: responseId,
					recipientId,
					responseItemId: gid('item', pad(n, 6), pad(item.number, 9)),
					status: submitted ? 'submitted' : 'draft',
					data,
					revision: submitted ? 2 : 1,
					updatedAt: new Date(at),
					updatedById: userId,
					submittedAt: submitted ? new Date(at) : null
				});
				if (submitted) {
					await w.add('ResponseSubmission', {
						id: gid('subm', pad(n, 6), pad(d.index, 8), pad(item.number, 2)),
						responseId,
						number: 1,
						data,
						submittedAt: new Date(at),
						submittedById: userId
					});
				}
			}
		}
		if ((n + 1) % 100 === 0 || n + 1 === params.notices) {
			const seconds = (performance.now() - started) / 1000;
			const rows = Object.values(w.counts).reduce((a, b) => a + b, 0);
			log(
				`notices ${n + 1}/${params.notices}: ${rows.toLocaleString()} rows in ${seconds.toFixed(0)} s ` +
					`(${Math.round(rows / seconds).toLocaleString()} rows/s)`
			);
		}
	}

	// The registry: institutions in every prefecture, with their clinical departments.
	const bodies = orgs.filter((org) => HEALTH_CENTER_KINDS.includes(org.kind));
	const clinical = ['obstetrics_gynecology', 'emergency', 'pediatrics', 'psychiatry', 'urology'];
	for (let i = 0; i < params.institutions; i++) {
		const org = rng.pick(bodies);
		const id = gid('inst', pad(i, 14));
		await w.add('MedicalInstitution', {
			id,
			organizationId: org.id,
			prefectureCode: org.prefectureCode,
			name: `生成医療機関${i + 1}`,
			municipality: '生成市',
			accepts24Hours: rng.chance(0.4),
			collectsEvidence: rng.chance(0.5),
			emergencyContraception: rng.chance(0.6),
			housesCenter: rng.chance(0.05),
			createdAt: new Date(LAST_DAY),
			updatedAt: new Date(LAST_DAY)
		});
		for (const c of clinical) {
			if (rng.chance(0.35))
				await w.add('MedicalInstitutionClinicalDepartment', {
					institutionId: id,
					clinicalDepartment: c
				});
		}
	}
	await w.flushAll(ORDER);
	const seconds = (performance.now() - started) / 1000;
	const rows = Object.values(w.counts).reduce((a, b) => a + b, 0);
	// The rows went in under the app's feet: count the dashboards' rollup as a start would —
	// after fresh planner statistics, as a start has them: the statistics taken before the fill
	// describe empty tables, and SQLite then planned each notice's recount at ~8 s (2,000
	// notices: hours) instead of well under a second.
	await refreshStatistics(db);
	const rollupStarted = performance.now();
	const counted = await rebuildMissing(db);
	log(
		`rollup of ${counted} notices counted in ${((performance.now() - rollupStarted) / 1000).toFixed(0)} s`
	);
	return { counts: w.counts, rows, seconds };
}
