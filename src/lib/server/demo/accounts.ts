// The demo accounts: who a person trying the demo can sign in as (one per role and kind of
// department), and adding those a demo database made by an earlier release lacks. Separate from
// loading the seed notice and its progress (load.ts), which only needs the list; an account
// added later goes here without touching the load.
import type { Db } from '../db/client.ts';
import { hashPassword } from '../auth/password.ts';

type DemoAccount = {
	email: string;
	name: string;
	role: 'issuer' | 'respondent' | 'viewer' | 'admin';
	/** [local government code or ministry name, department function] */
	department: [string, string] | null;
	/** Manages its department's people and addresses (people/access.ts). */
	manager?: boolean;
	/** Administers the departments of this prefecture's bodies (JIS code). */
	prefectureAdmin?: string;
	/**
	 * Its department keeps the generated progress on the seed notice (a staff account's work), so
	 * the seed notice's figures read as before this account existed; its own walk is elsewhere.
	 */
	keepsSeedProgress?: boolean;
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
	{
		email: 'mhlw.issuer@example.jp',
		name: '厚生労働省 医政局総務課 担当',
		role: 'issuer',
		department: ['厚生労働省', 'ministry_office']
	},
	{
		email: 'cao.issuer@example.jp',
		name: '内閣府 男女間暴力対策課 担当',
		role: 'issuer',
		department: ['内閣府', 'ministry_office']
	},
	{
		email: 'tokyo.health@example.jp',
		name: '東京都 衛生主管部局 担当',
		role: 'respondent',
		department: ['130001', 'health'],
		prefectureAdmin: '13'
	},
	{
		email: 'yokohama.health@example.jp',
		name: '横浜市 衛生主管部局 担当',
		role: 'respondent',
		department: ['141003', 'health']
	},
	{
		email: 'setagaya.health@example.jp',
		name: '世田谷区 衛生主管部局 担当',
		role: 'respondent',
		department: ['131121', 'health'],
		manager: true
	},
	{
		email: 'kanagawa.health@example.jp',
		name: '神奈川県 衛生主管部局 担当',
		role: 'respondent',
		department: ['140007', 'health'],
		prefectureAdmin: '14',
		keepsSeedProgress: true
	},
	{
		// 鎌倉市 runs no 保健所: not addressed by national health notices, reached by forwarding.
		email: 'kamakura.health@example.jp',
		name: '鎌倉市 衛生主管部局 担当',
		role: 'respondent',
		department: ['142042', 'health'],
		manager: true
	},
	{
		email: 'hokkaido.center@example.jp',
		name: '北海道 センター所管部局 担当',
		role: 'respondent',
		department: ['010006', 'onestop_center']
	},
	{
		email: 'viewer@example.jp',
		name: '厚生労働省 閲覧者',
		role: 'viewer',
		department: ['厚生労働省', 'ministry_office']
	},
	{ email: 'admin@example.jp', name: 'システム管理者', role: 'admin', department: null }
];

/**
 * The demo accounts a demo database made by an earlier release lacks (by address), added with the
 * demo password; an account already there is never changed. Returns how many were added.
 */
export async function addMissingAccounts(db: Db, password: string): Promise<number> {
	const present = new Set(
		(
			await db.user.findMany({
				where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } },
				select: { email: true }
			})
		).map((u) => u.email)
	);
	const missing = DEMO_ACCOUNTS.filter((a) => !present.has(a.email));
	if (missing.length === 0) return 0;
	const data = [];
	for (const a of missing) {
		const department = a.department
			? await db.department.findFirst({
					where: {
						function: a.department[1],
						retiredAt: null,
						organization: {
							OR: [{ localGovernmentCode: a.department[0] }, { name: a.department[0] }]
						}
					},
					select: { id: true }
				})
			: null;
		// A department retired since (a merger): the account has nowhere to belong; leave it out.
		if (a.department && !department) continue;
		data.push({
			email: a.email,
			name: a.name,
			role: a.role,
			passwordHash: await hashPassword(password),
			departmentId: department?.id ?? null,
			manager: a.manager ?? false,
			prefectureAdmin: a.prefectureAdmin ?? null
		});
	}
	await db.user.createMany({ data });
	return data.length;
}
