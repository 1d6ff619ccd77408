// Demo data, loaded in demo mode only (never in production mode). Into an empty database: the
// seed notice published to its 204 addressed departments, the demo accounts, and deterministic,
// varied progress across the other departments so every screen has something true to show. At
// every start, also into a demo database made by an earlier release: a health department for
// each municipality that runs no 保健所 (municipalities.ts), and the demo accounts it lacks.
//
// The respondent demo accounts are left with nothing done on the seed notice (not viewed, not
// acknowledged, not answered), so that a person trying the demo does each step themselves —
// except 神奈川県's, whose walk is forwarding a new notice (see keepsSeedProgress).
// The accounts, and adding those an earlier release's database lacks, are in accounts.ts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client.ts';
import type { Storage } from '../storage/index.ts';
import { hashPassword } from '../auth/password.ts';
import { resolveAddressees } from '../recipients/addressees.ts';
import { ALL_HEALTH_AND_CENTER_DEPARTMENTS } from '../../domain/addressees.ts';
import { DEMO_ATTACHMENTS_DIR, seedNotice } from './seed-notice.ts';
import { demoProgress } from './progress.ts';
import { writeNoticeMails } from '../mail/queue.ts';
import { syncRegistry } from '../responses/registry.ts';
import { giveDemoInstitutionEmails } from './external.ts';
import { templateByName } from '../../domain/forms/templates/index.ts';
import { itemFromRow, toStoredDefinition } from '../../domain/forms/stored.ts';
import type { BodyKind } from '../../domain/local-government-code.ts';
import { addMunicipalHealthDepartments, demoAddress } from './municipalities.ts';
import { addMissingAccounts, DEMO_ACCOUNTS } from './accounts.ts';

/** The seed notice went out at 10:00 JST on its issue date. */
const PUBLISHED_AT = new Date('2024-10-08T10:00:00+09:00');
/** Demo deadline: one month after issue (the original asks for no fixed date). */
const DEADLINE = '2024-11-08';

export async function loadDemoData(
	db: Db,
	storage: Storage,
	options: { password: string; root?: string; publicUrl?: string }
) {
	const municipal = await addMunicipalHealthDepartments(db);
	if ((await db.user.count()) > 0 || (await db.notice.count()) > 0)
		return (await addMissingAccounts(db, options.password)) > 0 || municipal > 0;
	const seed = seedNotice();
	const root = options.root ?? process.cwd();

	const departments = await db.department.findMany({
		select: {
			id: true,
			function: true,
			organization: { select: { name: true, localGovernmentCode: true } },
			_count: { select: { emails: true } }
		}
	});
	const keyOf = (d: (typeof departments)[number]) =>
		`${d.organization.localGovernmentCode ?? d.organization.name}/${d.function}`;
	const byKey = new Map(departments.map((d) => [keyOf(d), d]));
	const find = (org: string, fn: string) => {
		const d = byKey.get(`${org}/${fn}`);
		if (!d) throw new Error(`demo: no ${fn} department for ${org} in the reference data`);
		return d;
	};

	// Attachments are read before the transaction: a missing file fails before anything is written.
	const files = await Promise.all(
		seed.attachments.map(async (a) => {
			const bytes = await readFile(path.join(root, DEMO_ATTACHMENTS_DIR, a.file));
			return { ...a, ...(await storage.put(bytes)) };
		})
	);
	const passwordHashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(options.password)));
	const addressees = await resolveAddressees(db, ALL_HEALTH_AND_CENTER_DEPARTMENTS);
	const demoDepartmentIds = new Set(
		DEMO_ACCOUNTS.filter(
			(a) => a.role === 'respondent' && a.department && !a.keepsSeedProgress
		).map((a) => find(...a.department!).id)
	);
	const issuers = seed.issuers.map((i) => find(i.organization, 'ministry_office'));

	await db.$transaction(
		async (tx) => {
			await tx.departmentEmail.createMany({
				// The municipal departments came with theirs (municipalities.ts).
				data: departments
					.filter((d) => d._count.emails === 0)
					.map((d) => ({
						departmentId: d.id,
						address: demoAddress(
							d.function,
							d.organization.localGovernmentCode ??
								(d.organization.name === '内閣府' ? 'cao' : 'mhlw')
						)
					}))
			});
			await tx.user.createMany({
				data: DEMO_ACCOUNTS.map((a, i) => ({
					email: a.email,
					name: a.name,
					role: a.role,
					passwordHash: passwordHashes[i],
					departmentId: a.department ? find(...a.department).id : null,
					manager: a.manager ?? false,
					prefectureAdmin: a.prefectureAdmin ?? null
				}))
			});
			const author = await tx.user.findUniqueOrThrow({
				where: { email: 'mhlw.issuer@example.jp' }
			});
			const notice = await tx.notice.create({
				data: {
					status: 'published',
					currentVersionNumber: 1,
					createdById: author.id,
					createdAt: PUBLISHED_AT,
					publishedAt: PUBLISHED_AT,
					// Its deadline passed long ago: a first start must not send a round of automatic
					// reminders to 150 departments for 2024. Issuers can still remind by hand.
					reminderDaysBefore: null,
					reminderDaysAfter: null,
					issuers: { create: issuers.map((d, position) => ({ departmentId: d.id, position })) },
					versions: {
						create: {
							number: 1,
							noticeType: seed.noticeType,
							title: seed.title,
							documentNumber: seed.documentNumber,
							issuedOn: seed.issuedOn,
							addresseeLines: seed.addresseeLines,
							addresseeRule: ALL_HEALTH_AND_CENTER_DEPARTMENTS,
							preamble: seed.preamble,
							items: seed.items,
							contacts: seed.contacts,
							references: seed.references,
							deadline: DEADLINE,
							createdAt: PUBLISHED_AT,
							publishedAt: PUBLISHED_AT,
							publishedById: author.id,
							attachments: {
								create: files.map((f, i) => ({
									position: i + 1,
									label: f.label,
									title: f.title,
									fileName: f.file,
									contentType: 'application/pdf',
									size: f.size,
									sha256: f.sha256
								}))
							}
						}
					},
					responseItems: {
						// Each item written as its definition, built from the template the data file names
						// (as the editor inserts one), so everything downstream reads the definition.
						create: seed.responseItems.map((r) => ({
							number: r.number,
							kind: r.kind,
							title: r.title,
							functions: r.functions,
							definition: toStoredDefinition(
								templateByName(r.kind)!.build({
									number: r.number,
									paragraph: r.number,
									title: r.title,
									appliesTo: { bodyKinds: [], functions: r.functions }
								})
							) as object
						}))
					}
				},
				include: { responseItems: true }
			});
			await tx.recipient.createMany({
				data: addressees.map((d) => ({ noticeId: notice.id, departmentId: d.id }))
			});
			const recipients = await tx.recipient.findMany({
				where: { noticeId: notice.id },
				select: {
					id: true,
					departmentId: true,
					department: {
						select: {
							function: true,
							organization: { select: { localGovernmentCode: true, name: true, kind: true } }
						}
					}
				}
			});
			const others = recipients.filter((r) => !demoDepartmentIds.has(r.departmentId));
			// Each other department's progress is the work of a staff account of that department,
			// which cannot sign in (no password hash verifies against an empty string).
			await tx.user.createMany({
				data: others.map((r) => ({
					email: `staff.${r.department.organization.localGovernmentCode}.${r.department.function}@example.jp`,
					name: `${r.department.organization.name} 担当`,
					role: 'respondent',
					passwordHash: '',
					departmentId: r.departmentId
				}))
			});
			const staff = await tx.user.findMany({
				where: { departmentId: { in: others.map((r) => r.departmentId) } },
				select: { id: true, departmentId: true }
			});
			const staffOf = new Map(staff.map((u) => [u.departmentId!, u.id]));
			const progress = demoProgress({
				publishedAt: PUBLISHED_AT,
				deadline: DEADLINE,
				recipients: others.map((r) => ({
					id: r.id,
					key: `${r.department.organization.localGovernmentCode}/${r.department.function}`,
					department: {
						bodyKind: r.department.organization.kind as BodyKind,
						function: r.department.function
					},
					userId: staffOf.get(r.departmentId)!
				})),
				responseItems: notice.responseItems.map((i) => ({ id: i.id, definition: itemFromRow(i) })),
				behaviourData: { grantLines: await tx.grantLine.findMany({ orderBy: { code: 'asc' } }) }
			});
			for (const view of progress.views) {
				await tx.recipient.update({
					where: { id: view.recipientId },
					data: { firstViewedAt: view.at, firstViewedById: view.userId }
				});
			}
			// The publication mails went out when it was published: they are in the outbox as sent.
			await writeNoticeMails(tx, {
				noticeId: notice.id,
				kind: 'publication',
				versionNumber: 1,
				now: PUBLISHED_AT,
				status: 'queued'
			});
			await tx.mail.updateMany({
				where: { recipient: { noticeId: notice.id }, status: 'queued' },
				data: { status: 'sent', attempts: 1, sentAt: new Date(PUBLISHED_AT.getTime() + 60_000) }
			});
			await tx.acknowledgment.createMany({ data: progress.acknowledgments });
			await tx.response.createMany({ data: progress.responses });
			// Each submitted answer has its submission on record, as if submitted through the app.
			const submitted = await tx.response.findMany({
				where: { recipient: { noticeId: notice.id }, status: 'submitted' },
				select: { id: true, data: true, submittedAt: true, updatedById: true }
			});
			await tx.responseSubmission.createMany({
				data: submitted.map((r) => ({
					responseId: r.id,
					number: 1,
					data: r.data as object,
					submittedAt: r.submittedAt!,
					submittedById: r.updatedById
				}))
			});
			// A submitted 記2 answer feeds the medical-institution registry, as submitting through
			// the app does (own.ts); without this the registry and its dashboards would be empty.
			// In a fixed order (by organization code), so every load builds the same registry.
			const listed = await tx.response.findMany({
				where: {
					recipient: { noticeId: notice.id },
					status: 'submitted',
					// The items whose definition feeds the registry (at most MAX_ITEMS ids).
					responseItemId: {
						in: notice.responseItems
							.filter((i) => itemFromRow(i).behaviour === 'registry')
							.map((i) => i.id)
					}
				},
				select: {
					id: true,
					data: true,
					recipient: {
						select: {
							department: {
								select: {
									organizationId: true,
									function: true,
									organization: { select: { localGovernmentCode: true } }
								}
							}
						}
					}
				}
			});
			const orderKey = (r: (typeof listed)[number]) =>
				`${r.recipient.department.organization.localGovernmentCode}/${r.recipient.department.function}`;
			listed.sort((a, b) => orderKey(a).localeCompare(orderKey(b)));
			for (const r of listed)
				await syncRegistry(tx, {
					organizationId: r.recipient.department.organizationId,
					responseId: r.id,
					data: r.data as object
				});
		},
		// The demo is a fixed size, loaded once into an empty database: a generous limit keeps a
		// busy machine (a shared CI runner, two test runs at once) from failing Prisma's 5 s default.
		{ timeout: 60_000, maxWait: 10_000 }
	);
	await giveDemoInstitutionEmails(db);
	return true;
}
