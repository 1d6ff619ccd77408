// National exports at national size: a notice answered by ~5,400 departments and a registry of
// ~20,000 institutions, written as the download endpoints write them (rows streamed from the
// database in keyset pages into csv-stringify / exceljs's streaming WorkbookWriter), beside a
// baseline from the same run: the same rows read whole into memory and written by the same
// libraries from the array (csv-stringify/sync, an in-memory exceljs Workbook).
// Each variant runs in a fresh process, so its peak RSS is its own. Targets: ≤ 3 s, ≤ 300 MB.
//
//   npx node bench/export.ts [--departments 5400] [--institutions 20000]
//   KAIRAN_TEST_DB=postgresql npx node bench/export.ts     (PostgreSQL at 127.0.0.1:5432)
//
// Measures, does not assert: the numbers depend on the machine and its load.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { createDemoDatabase, TEST_PROVIDER } from '../tests/db/harness.ts';
import { sessionUserFor } from '../tests/db/users.ts';
import { openDb, type Db, type DbTarget } from '../src/lib/server/db/client.ts';
import {
	nationalResponseStreams,
	nationalResponseTables
} from '../src/lib/server/reports/responses-table.ts';
import { registryStream, registryTable } from '../src/lib/server/reports/registry-table.ts';
import {
	csvStream,
	sheetName,
	tableToCsv,
	xlsxStream,
	type Table
} from '../src/lib/server/reports/table-files.ts';

const VARIANTS = [
	'idle',
	'national-csv-stream',
	'national-csv-memory',
	'national-xlsx-stream',
	'national-xlsx-memory',
	'registry-csv-stream',
	'registry-csv-memory',
	'registry-xlsx-stream',
	'registry-xlsx-memory'
] as const;
type Variant = (typeof VARIANTS)[number];

function option(name: string, fallback: number): number {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const chunked = <T>(list: T[], size = 500) =>
	Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
		list.slice(i * size, (i + 1) * size)
	);

/** Departments (on new organizations) added to the demo notice until it has `total` recipients, each answering as a demo recipient of the same kind did. */
async function fillNotice(db: Db, total: number) {
	const notice = await db.notice.findFirstOrThrow({
		where: { status: 'published' },
		orderBy: { recipients: { _count: 'desc' } },
		select: { id: true, currentVersionNumber: true }
	});
	const user = await db.user.findFirstOrThrow({ where: { role: 'respondent' } });
	const templates = await db.recipient.findMany({
		where: { noticeId: notice.id },
		orderBy: { id: 'asc' },
		select: {
			department: {
				select: { function: true, organization: { select: { kind: true, prefectureCode: true } } }
			},
			responses: {
				where: { status: 'submitted' },
				select: {
					responseItemId: true,
					data: true,
					submissions: { orderBy: { number: 'desc' }, take: 1, select: { data: true } }
				}
			}
		}
	});
	const answered = templates.filter((t) => t.responses.length > 0);
	const extra = total - templates.length;
	const at = new Date('2026-11-20T01:00:00Z');
	const orgs = [];
	const departments = [];
	const recipients = [];
	const acknowledgments = [];
	const responses = [];
	const submissions = [];
	for (let i = 0; i < extra; i++) {
		// Most departments have answered, as near a deadline; some have not.
		const t = i % 5 === 4 ? templates[i % templates.length] : answered[i % answered.length];
		const n = String(i).padStart(6, '0');
		orgs.push({
			id: `bench-org-${n}`,
			localGovernmentCode: `9${n.slice(1)}`,
			kind: t.department.organization.kind,
			prefectureCode: t.department.organization.prefectureCode,
			name: `ベンチ市${n}`,
			nameKana: `べんちし${n}`
		});
		departments.push({
			id: `bench-dep-${n}`,
			organizationId: `bench-org-${n}`,
			name: `ベンチ部局${n}`,
			function: t.department.function
		});
		recipients.push({
			id: `bench-rec-${n}`,
			noticeId: notice.id,
			departmentId: `bench-dep-${n}`,
			firstViewedAt: at
		});
		acknowledgments.push({
			recipientId: `bench-rec-${n}`,
			versionNumber: notice.currentVersionNumber,
			userId: user.id,
			createdAt: at
		});
		t.responses.forEach((r, j) => {
			const id = `bench-res-${n}-${j}`;
			const data = (r.submissions[0]?.data ?? r.data) as object;
			responses.push({
				id,
				recipientId: `bench-rec-${n}`,
				responseItemId: r.responseItemId,
				status: 'submitted',
				data,
				updatedById: user.id,
				submittedAt: at
			});
			submissions.push({
				responseId: id,
				number: 1,
				data,
				submittedAt: at,
				submittedById: user.id
			});
		});
	}
	for (const c of chunked(orgs)) await db.organization.createMany({ data: c });
	for (const c of chunked(departments)) await db.department.createMany({ data: c });
	for (const c of chunked(recipients)) await db.recipient.createMany({ data: c });
	for (const c of chunked(acknowledgments)) await db.acknowledgment.createMany({ data: c });
	for (const c of chunked(responses, 200)) await db.response.createMany({ data: c });
	for (const c of chunked(submissions, 200)) await db.responseSubmission.createMany({ data: c });
	return notice.id;
}

async function fillRegistry(db: Db, count: number) {
	const organizations = await db.organization.findMany({
		where: { prefectureCode: { not: null } },
		select: { id: true, prefectureCode: true }
	});
	const keys = ['obstetrics_gynecology', 'emergency', 'pediatrics', 'psychiatry'];
	const institutions = [];
	const links = [];
	for (let i = 0; i < count; i++) {
		const o = organizations[i % organizations.length];
		const n = String(i).padStart(6, '0');
		institutions.push({
			id: `bench-inst-${n}`,
			organizationId: o.id,
			prefectureCode: o.prefectureCode!,
			name: `ベンチ総合病院${n}`,
			institutionCode: `13${n}`,
			municipality: `ベンチ市${String(i % 300).padStart(3, '0')}`,
			accepts24Hours: i % 2 === 0,
			collectsEvidence: i % 3 === 0,
			emergencyContraception: i % 4 === 0,
			housesCenter: i % 50 === 0,
			contact: `代表 03-0000-${String(i % 10000).padStart(4, '0')}`
		});
		links.push({ institutionId: `bench-inst-${n}`, clinicalDepartment: keys[i % keys.length] });
		if (i % 3 === 0)
			links.push({ institutionId: `bench-inst-${n}`, clinicalDepartment: keys[(i + 1) % 4] });
	}
	for (const c of chunked(institutions)) await db.medicalInstitution.createMany({ data: c });
	for (const c of chunked(links))
		await db.medicalInstitutionClinicalDepartment.createMany({ data: c });
}

/** The baseline's XLSX: the whole workbook built in memory, then written to one buffer. */
async function xlsxInMemory(tables: Table[]): Promise<number> {
	const workbook = new ExcelJS.Workbook();
	for (const table of tables) {
		const sheet = workbook.addWorksheet(sheetName(table.title));
		sheet.addRow(table.columns);
		for (const row of table.rows) sheet.addRow(row);
	}
	return (await workbook.xlsx.writeBuffer()).byteLength;
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
	let bytes = 0;
	for await (const chunk of stream) bytes += chunk.byteLength;
	return bytes;
}

async function measure(variant: Variant, target: DbTarget, noticeId: string) {
	const db = openDb(target);
	const viewer = await sessionUserFor(db, 'viewer@example.jp');
	await db.user.count(); // the connection is open before the clock starts
	const start = performance.now();
	let bytes = 0;
	switch (variant) {
		case 'idle':
			break;
		case 'national-csv-stream':
			bytes = await drain(csvStream((await nationalResponseStreams(db, viewer, noticeId)).main));
			break;
		case 'national-xlsx-stream': {
			const { main, rows } = await nationalResponseStreams(db, viewer, noticeId);
			bytes = await drain(xlsxStream([main, ...rows]));
			break;
		}
		case 'national-csv-memory':
			bytes = Buffer.byteLength(
				tableToCsv((await nationalResponseTables(db, viewer, noticeId)).main)
			);
			break;
		case 'national-xlsx-memory': {
			const { main, rows } = await nationalResponseTables(db, viewer, noticeId);
			bytes = await xlsxInMemory([main, ...rows]);
			break;
		}
		case 'registry-csv-stream':
			bytes = await drain(csvStream(registryStream(db, viewer, {})));
			break;
		case 'registry-xlsx-stream':
			bytes = await drain(xlsxStream([registryStream(db, viewer, {})]));
			break;
		case 'registry-csv-memory':
			bytes = Buffer.byteLength(tableToCsv(await registryTable(db, viewer, {})));
			break;
		case 'registry-xlsx-memory':
			bytes = await xlsxInMemory([await registryTable(db, viewer, {})]);
			break;
	}
	const ms = performance.now() - start;
	await db.$disconnect();
	console.log(JSON.stringify({ ms, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

if (process.argv[2] === '--measure') {
	await measure(
		process.argv[3] as Variant,
		JSON.parse(process.env.BENCH_TARGET!) as DbTarget,
		process.env.BENCH_NOTICE!
	);
} else {
	const departments = option('departments', 5400);
	const institutions = option('institutions', 20000);
	const env = await createDemoDatabase();
	try {
		const filling = performance.now();
		const noticeId = await fillNotice(env.db, departments);
		await fillRegistry(env.db, institutions);
		const recipients = await env.db.recipient.count({ where: { noticeId } });
		const answers = await env.db.response.count({ where: { recipient: { noticeId } } });
		console.log(
			`${TEST_PROVIDER}: ${recipients.toLocaleString()} recipients, ${answers.toLocaleString()} ` +
				`submitted answers, ${institutions.toLocaleString()} registry institutions ` +
				`(filled in ${((performance.now() - filling) / 1000).toFixed(1)} s)`
		);
		console.log('variant                 time (ms)    size (bytes)  peak RSS (MB)  vs target');
		for (const variant of VARIANTS) {
			const runs = [];
			// Median of three fresh processes (one for idle: it only shows the process's floor).
			for (let i = 0; i < (variant === 'idle' ? 1 : 3); i++) {
				const out = execFileSync(
					process.execPath,
					[fileURLToPath(import.meta.url), '--measure', variant],
					{
						env: {
							...process.env,
							BENCH_TARGET: JSON.stringify(env.target),
							BENCH_NOTICE: noticeId
						},
						encoding: 'utf8'
					}
				);
				runs.push(JSON.parse(out.trim().split('\n').at(-1)!));
			}
			runs.sort((a, b) => a.ms - b.ms);
			const r = runs[Math.floor(runs.length / 2)];
			const rss = Math.max(...runs.map((x) => x.maxRssMb));
			const verdict =
				variant === 'idle'
					? '(process floor)'
					: r.ms <= 3000 && rss <= 300
						? 'met (≤ 3 s, ≤ 300 MB)'
						: 'MISSED (≤ 3 s, ≤ 300 MB)';
			console.log(
				`${variant.padEnd(22)} ${r.ms.toFixed(0).padStart(10)} ${r.bytes.toLocaleString().padStart(15)} ` +
					`${rss.toFixed(0).padStart(14)}  ${verdict}`
			);
		}
	} finally {
		await env.cleanup();
	}
}
