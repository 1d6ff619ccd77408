// National progress of a notice, aggregated in the database (grouped queries), never by
// loading every row into Node: recipients, acknowledged (current version), submitted per item,
// and the same by prefecture — a city or ward counts toward the prefecture it lies in.
// For issuers who manage the notice, viewers and admins.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFound } from '../errors.ts';
import { managedNotices, visibleNotices } from '../notices/access.ts';

async function readableNotice(db: Db, user: SessionUser, noticeId: string) {
	if (user.role === 'respondent') throw notFound();
	const where = user.role === 'issuer' ? managedNotices(user) : visibleNotices(user);
	const notice = await db.notice.findFirst({
		where: { AND: [{ id: noticeId }, where] },
		select: {
			id: true,
			currentVersionNumber: true,
			responseItems: {
				orderBy: { number: 'asc' },
				select: { id: true, number: true, title: true, kind: true, functions: true }
			}
		}
	});
	if (!notice) throw notFound();
	return notice;
}

const asNumber = (v: unknown) => Number(v ?? 0);

export async function noticeProgress(db: Db, user: SessionUser, noticeId: string) {
	const notice = await readableNotice(db, user, noticeId);
	const [recipients, acknowledged, byFunction, submitted] = await Promise.all([
		db.recipient.count({ where: { noticeId } }),
		db.acknowledgment.count({
			where: { recipient: { noticeId }, versionNumber: notice.currentVersionNumber }
		}),
		db.$queryRaw<{ function: string; n: bigint | number }[]>`
			SELECT d."function" AS "function", COUNT(*) AS n
			FROM "Recipient" r JOIN "Department" d ON d."id" = r."departmentId"
			WHERE r."noticeId" = ${noticeId}
			GROUP BY d."function"`,
		db.response.groupBy({
			by: ['responseItemId'],
			where: { status: 'submitted', recipient: { noticeId } },
			_count: { _all: true }
		})
	]);
	const recipientsOf = new Map(byFunction.map((f) => [f.function, asNumber(f.n)]));
	return {
		recipients,
		acknowledged,
		items: notice.responseItems.map((item) => {
			const functions = Array.isArray(item.functions) ? (item.functions as string[]) : [];
			const due =
				functions.length === 0
					? recipients
					: functions.reduce((sum, f) => sum + (recipientsOf.get(f) ?? 0), 0);
			return {
				id: item.id,
				number: item.number,
				title: item.title,
				kind: item.kind,
				due,
				submitted: submitted.find((s) => s.responseItemId === item.id)?._count._all ?? 0
			};
		})
	};
}

/** Per prefecture (JIS code): recipients and acknowledged, with the prefecture's name. */
export async function prefectureProgress(db: Db, user: SessionUser, noticeId: string) {
	const notice = await readableNotice(db, user, noticeId);
	const rows = await db.$queryRaw<
		{ prefectureCode: string; recipients: bigint | number; acknowledged: bigint | number }[]
	>`
		SELECT o."prefectureCode" AS "prefectureCode",
			COUNT(*) AS recipients,
			COUNT(a."id") AS acknowledged
		FROM "Recipient" r
		JOIN "Department" d ON d."id" = r."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		LEFT JOIN "Acknowledgment" a
			ON a."recipientId" = r."id" AND a."versionNumber" = ${notice.currentVersionNumber}
		WHERE r."noticeId" = ${noticeId}
		GROUP BY o."prefectureCode"
		ORDER BY o."prefectureCode"`;
	const names = new Map(
		(
			await db.organization.findMany({
				where: { kind: 'prefecture' },
				select: { prefectureCode: true, name: true }
			})
		).map((p) => [p.prefectureCode, p.name])
	);
	return rows.map((r) => ({
		prefectureCode: r.prefectureCode,
		name: names.get(r.prefectureCode) ?? r.prefectureCode,
		recipients: asNumber(r.recipients),
		acknowledged: asNumber(r.acknowledged)
	}));
}
