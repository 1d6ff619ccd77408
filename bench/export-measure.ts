// One export variant of bench/export.ts in a process of its own, so that its peak RSS is its
// own: prints {ms, bytes, maxRssMb} as JSON. Run by bench/export.ts with
// --experimental-transform-types (no Vite: the modules it reaches need none).
import { sessionUserFor } from '../tests/db/users.ts';
import { openDb, type DbTarget } from '../src/lib/server/db/client.ts';
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

/** The baseline's XLSX: the whole workbook built in memory, then written to one buffer. */
async function xlsxInMemory(tables: Table[]): Promise<number> {
	// Imported here, as the app's xlsxStream does, so the floor and CSV runs do not carry it.
	const { default: ExcelJS } = await import('exceljs');
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

async function measure(variant: string, target: DbTarget, noticeId: string) {
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

await measure(
	process.argv[2],
	JSON.parse(process.env.BENCH_TARGET!) as DbTarget,
	process.env.BENCH_NOTICE!
);
