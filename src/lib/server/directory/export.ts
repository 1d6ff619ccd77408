// GET /admin/departments.csv: every department (retired ones too, marked) in the import's
// format, read and written in pages so memory stays flat however large the directory grows.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { formatDepartmentsCsv, type DepartmentCsvRow } from './csv-format.ts';
import { requireAdmin } from './functions.ts';

// 500: Prisma loads the page's addresses with one parameter per department, and SQLite allows 999.
const PAGE = 500;

export function departmentsCsvStream(db: Db, user: SessionUser): ReadableStream<Uint8Array> {
	requireAdmin(user);
	const encoder = new TextEncoder();
	let page = 0;
	return new ReadableStream({
		async pull(controller) {
			const rows = await db.department.findMany({
				orderBy: [
					{ organization: { prefectureCode: 'asc' } },
					{ organization: { localGovernmentCode: 'asc' } },
					{ organization: { name: 'asc' } },
					{ function: 'asc' },
					{ name: 'asc' },
					{ id: 'asc' }
				],
				skip: page * PAGE,
				take: PAGE,
				select: {
					id: true,
					name: true,
					function: true,
					contactSection: true,
					contactPhone: true,
					retiredAt: true,
					organization: { select: { name: true, localGovernmentCode: true } },
					emails: { select: { address: true }, orderBy: { address: 'asc' } }
				}
			});
			const csvRows: DepartmentCsvRow[] = rows.map((d) => ({
				id: d.id,
				organization_code: d.organization.localGovernmentCode ?? '',
				organization_name: d.organization.name,
				department: d.name,
				function: d.function,
				emails: d.emails.map((e) => e.address).join(' '),
				contact_section: d.contactSection ?? '',
				contact_phone: d.contactPhone ?? '',
				retired: d.retiredAt ? '1' : ''
			}));
			controller.enqueue(encoder.encode(formatDepartmentsCsv(csvRows, page === 0)));
			page++;
			if (rows.length < PAGE) controller.close();
		}
	});
}
