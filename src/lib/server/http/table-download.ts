// A table as a file download (CSV or XLSX), named after the table, never cached: every export
// endpoint answers the same way. The body is streamed as the rows are read from the database.
import { csvStream, xlsxStream, type TableStream } from '../reports/table-files.ts';
import { contentDisposition } from './content-disposition.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One table, or (XLSX) several as the sheets of one file, named after the first. */
export function tableDownload(
	tables: TableStream | readonly TableStream[],
	format: 'csv' | 'xlsx'
): Response {
	const list: readonly TableStream[] = Array.isArray(tables) ? tables : [tables as TableStream];
	const table = list[0];
	const body = format === 'csv' ? csvStream(table) : xlsxStream(list);
	return new Response(body, {
		headers: {
			'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
			'Content-Disposition': contentDisposition('attachment', `${table.title}.${format}`),
			'Cache-Control': 'private, no-store'
		}
	});
}
