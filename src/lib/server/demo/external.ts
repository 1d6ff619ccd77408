// Demo: a few registry institutions of 東京都 and 神奈川県 get an institutional mail address, so a
// prefecture's department can try forwarding to organizations outside government (issue 13).
// Addresses are under example.jp (RFC 2606-style reserved names): nothing can ever be delivered.
import type { Db } from '../db/client.ts';

/** Prefectures whose demo accounts forward (東京都, 神奈川県), and how many institutions each. */
const PREFECTURES = ['13', '14'];
const PER_PREFECTURE = 5;

export async function giveDemoInstitutionEmails(db: Db): Promise<void> {
	let n = 0;
	for (const prefectureCode of PREFECTURES) {
		// In a fixed order, so every load gives the same institutions the same addresses.
		const rows = await db.medicalInstitution.findMany({
			where: { prefectureCode, email: null },
			orderBy: [{ municipality: 'asc' }, { name: 'asc' }, { id: 'asc' }],
			take: PER_PREFECTURE,
			select: { id: true }
		});
		for (const row of rows)
			await db.medicalInstitution.update({
				where: { id: row.id },
				data: { email: `info@hospital-${++n}.example.jp` }
			});
	}
}
