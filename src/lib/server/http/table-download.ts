// A table as a file download (CSV or XLSX), named after the table, never cached: every export
// endpoint answers the same way.
import { tableToCsv, tablesToXlsx, type Table } from '../reports/table-files.ts';
import { contentDisposition } from './content-disposition.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One table, or (XLSX) several as the sheets of one file, named after the first. */
export async function tableDownload(
	tables: Table | readonly Table[],
	format: 'csv' | 'xlsx'
): Promise<Response> {
	const list: readonly Table[] = Array.isArray(tables) ? tables : [tables as Table];
	const table = list[0];
	const body = format === 'csv' ? tableToCsv(table) : new Uint8Array(await tablesToXlsx(list));
	return new Response(body, {
		headers: {
			'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
			'Content-Disposition': contentDisposition('attachment', `${table.title}.${format}`),
			'Cache-Control': 'private, no-store'
		}
	});
}
