// Reviewing and applying a newer edition of the local-government list (organizations.csv, same
// format): new bodies, renames (name or reading), kind changes (a city becoming a 中核市 or a
// 政令指定都市) and bodies gone from the list (merged into another: 市町村合併). Nothing is
// deleted: a body gone is retired with its departments, which keep their recipients, answers
// and audit history and stay on old notices; a renamed body keeps its id, so every notice it
// received still points to it. Used by `npm run reference:update` (scripts/reference-update.ts).
import type { Db } from '../db/client.ts';
import { record } from '../audit/index.ts';
import { runsHealthCenter } from '../../domain/local-government-code.ts';
import { SEED_FUNCTIONS } from '../../domain/departments.ts';
import type { OrganizationRow } from './organizations.ts';

export type ReferenceDiff = {
	added: OrganizationRow[];
	renamed: { code: string; from: string; to: string; kanaFrom: string; kanaTo: string }[];
	kindChanged: { code: string; name: string; from: string; to: string }[];
	gone: { code: string; name: string }[];
};

export const isEmptyDiff = (d: ReferenceDiff) =>
	d.added.length + d.renamed.length + d.kindChanged.length + d.gone.length === 0;

/** What applying `rows` would change in the database (bounded: ~1,800 bodies read whole). */
export async function diffReference(db: Db, rows: OrganizationRow[]): Promise<ReferenceDiff> {
	const current = await db.organization.findMany({
		where: { localGovernmentCode: { not: null }, retiredAt: null },
		select: { localGovernmentCode: true, name: true, nameKana: true, kind: true }
	});
	const held = new Map(current.map((o) => [o.localGovernmentCode!, o]));
	const listed = new Set(rows.map((r) => r.code));
	const retired = new Set(
		(
			await db.organization.findMany({
				where: { retiredAt: { not: null } },
				select: { localGovernmentCode: true }
			})
		).map((o) => o.localGovernmentCode)
	);
	const diff: ReferenceDiff = { added: [], renamed: [], kindChanged: [], gone: [] };
	for (const r of rows) {
		const o = held.get(r.code);
		if (!o) {
			// A code once retired is not reused by 総務省; listing it again is left for a person.
			if (!retired.has(r.code)) diff.added.push(r);
			continue;
		}
		if (o.name !== r.name || o.nameKana !== r.nameKana)
			diff.renamed.push({
				code: r.code,
				from: o.name,
				to: r.name,
				kanaFrom: o.nameKana,
				kanaTo: r.nameKana
			});
		if (o.kind !== r.kind)
			diff.kindChanged.push({ code: r.code, name: r.name, from: o.kind, to: r.kind });
	}
	for (const [code, o] of held) if (!listed.has(code)) diff.gone.push({ code, name: o.name });
	return diff;
}

/** The differences as a person reads them before applying. */
export function describeDiff(d: ReferenceDiff): string {
	const lines = [
		`new bodies: ${d.added.length}`,
		...d.added.map((r) => `  + ${r.code} ${r.name} (${r.kind})`),
		`renamed: ${d.renamed.length}`,
		...d.renamed.map((r) => `  ~ ${r.code} ${r.from} (${r.kanaFrom}) → ${r.to} (${r.kanaTo})`),
		`kind changed: ${d.kindChanged.length}`,
		...d.kindChanged.map((r) => `  ~ ${r.code} ${r.name}: ${r.from} → ${r.to}`),
		`gone (will be retired, with their departments; nothing is deleted): ${d.gone.length}`,
		...d.gone.map((r) => `  - ${r.code} ${r.name}`)
	];
	return lines.join('\n');
}

const healthName = SEED_FUNCTIONS.find((f) => f.code === 'health')!.nameJa;
const centerName = SEED_FUNCTIONS.find((f) => f.code === 'onestop_center')!.nameJa;

/**
 * Applies a diff in one transaction with one audit event (actor: the command, no user). A body
 * that now runs a 保健所 (new, or promoted to a 中核市) gets a health department if it has none,
 * as the first load gives one to every such body; a prefecture also its one-stop center's.
 */
export async function applyReferenceDiff(db: Db, d: ReferenceDiff, file: string) {
	const at = new Date();
	await db.$transaction(
		async (tx) => {
			if (d.added.length)
				await tx.organization.createMany({
					data: d.added.map((r) => ({
						localGovernmentCode: r.code,
						kind: r.kind,
						prefectureCode: r.prefectureCode,
						name: r.name,
						nameKana: r.nameKana
					}))
				});
			for (const r of d.renamed)
				await tx.organization.update({
					where: { localGovernmentCode: r.code },
					data: { name: r.to, nameKana: r.kanaTo }
				});
			for (const r of d.kindChanged)
				await tx.organization.update({
					where: { localGovernmentCode: r.code },
					data: { kind: r.to }
				});
			const goneCodes = d.gone.map((g) => g.code);
			for (let i = 0; i < goneCodes.length; i += 500) {
				const batch = goneCodes.slice(i, i + 500);
				await tx.department.updateMany({
					where: { retiredAt: null, organization: { localGovernmentCode: { in: batch } } },
					data: { retiredAt: at }
				});
				await tx.organization.updateMany({
					where: { localGovernmentCode: { in: batch } },
					data: { retiredAt: at }
				});
			}
			const needHealth = [
				...d.added.filter((r) => runsHealthCenter(r.kind)).map((r) => r.code),
				...d.kindChanged.filter((r) => runsHealthCenter(r.to)).map((r) => r.code)
			];
			for (const code of needHealth) {
				const org = await tx.organization.findUniqueOrThrow({
					where: { localGovernmentCode: code },
					select: {
						id: true,
						kind: true,
						departments: { where: { retiredAt: null }, select: { function: true } }
					}
				});
				const has = new Set(org.departments.map((x) => x.function));
				const wanted = [
					...(has.has('health') ? [] : [{ function: 'health', name: healthName }]),
					...(org.kind === 'prefecture' && !has.has('onestop_center')
						? [{ function: 'onestop_center', name: centerName }]
						: [])
				];
				if (wanted.length)
					await tx.department.createMany({
						data: wanted.map((w) => ({ ...w, organizationId: org.id }))
					});
			}
			await record(tx, {
				actorId: null,
				departmentId: null,
				action: 'organization.reference_update',
				objectType: 'organization',
				after: {
					file,
					added: d.added.map((r) => r.code),
					renamed: d.renamed,
					kindChanged: d.kindChanged,
					retired: goneCodes
				}
			});
		},
		{ timeout: 120_000 }
	);
}
