// A table as a file download (CSV or XLSX), named after the table, never cached: every export
// endpoint answers the same way.
import { tableToCsv, tableToXlsx, type Table } from '../reports/table-files.ts';
import { contentDisposition } from './content-disposition.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function tableDownload(table: Table, format: 'csv' | 'xlsx'): Promise<Response> {
	const body = format === 'csv' ? tableToCsv(table) : new Uint8Array(await tableToXlsx(table));
	return new Response(body, {
		headers: {
			'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
			'Content-Disposition': contentDisposition('attachment', `${table.title}.${format}`),
			'Cache-Control': 'private, no-store'
		}
	});
}
