// NoticeVersion.searchText is computed in code (NFKC + lower case, which SQL cannot do the
// same way on SQLite and PostgreSQL). Versions written before the column existed have '' and
// are filled in at start-up; afterwards every write keeps it current.
import type { Db } from '../db/client.ts';
import { noticeSearchText, versionContent } from '../../domain/notices.ts';

export async function fillMissingSearchText(db: Db): Promise<number> {
	const versions = await db.noticeVersion.findMany({
		where: { searchText: '' },
		include: { attachments: { select: { title: true } } }
	});
	for (const v of versions) {
		const content = versionContent(v);
		await db.noticeVersion.update({
			where: { id: v.id },
			data: {
				searchText: noticeSearchText(
					content,
					v.attachments.map((a) => a.title)
				)
			}
		});
	}
	return versions.length;
}
