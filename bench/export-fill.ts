// Fills a demo database for bench/export.ts: the demo notice addressed to ~5,400 departments
// that answered as the demo's departments of the same kind did, and a registry of ~20,000
// institutions, by direct inserts. Loaded through Vite's module runner (the migrations are
// bundled with import.meta.glob).
import { createDemoDatabase } from '../tests/db/harness.ts';
import type { Db } from '../src/lib/server/db/client.ts';
import type { Prisma } from '../src/lib/server/db/generated/sqlite/client.ts';

const chunked = <T>(list: T[], size = 500) =>
	Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
		list.slice(i * size, (i + 1) * size)
	);

/** Departments (on new organizations) added to the demo notice until it has `total` recipients, each answering as a demo recipient of the same kind did. */
export async function fillNotice(db: Db, total: number) {
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
	const orgs: Prisma.OrganizationCreateManyInput[] = [];
	const departments: Prisma.DepartmentCreateManyInput[] = [];
	const recipients: Prisma.RecipientCreateManyInput[] = [];
	const acknowledgments: Prisma.AcknowledgmentCreateManyInput[] = [];
	const responses: Prisma.ResponseCreateManyInput[] = [];
	const submissions: Prisma.ResponseSubmissionCreateManyInput[] = [];
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

export async function fillRegistry(db: Db, count: number) {
	const organizations = await db.organization.findMany({
		where: { prefectureCode: { not: null } },
		select: { id: true, prefectureCode: true }
	});
	const keys = ['obstetrics_gynecology', 'emergency', 'pediatrics', 'psychiatry'];
	const institutions: Prisma.MedicalInstitutionCreateManyInput[] = [];
	const links: Prisma.MedicalInstitutionClinicalDepartmentCreateManyInput[] = [];
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

export async function prepare(departments: number, institutions: number) {
	const env = await createDemoDatabase();
	const noticeId = await fillNotice(env.db, departments);
	await fillRegistry(env.db, institutions);
	const recipients = await env.db.recipient.count({ where: { noticeId } });
	const answers = await env.db.response.count({ where: { recipient: { noticeId } } });
	await env.db.$disconnect();
	return { target: env.target, cleanup: env.cleanup, noticeId, recipients, answers };
}
