// One request must never take Kairan down (issue 11, part 1). Every form action of the route
// tree — enumerated from src/routes, so a new action is attacked too, and a new route without
// an acting role below fails this test — is posted every own and inherited property name of
// Object.prototype and Function.prototype as a path segment, at every position, by the role
// that may use it; then malformed bodies. Nothing may answer 5xx, and afterwards every page
// answers exactly as it did before.
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { ACCOUNTS, seedNoticeId, signIn } from './helpers.ts';
import { ACTING, formTargets, type Role, type Target } from './routes.ts';

const EMAIL: Record<Exclude<Role, 'anonymous'>, string> = {
	// tokyo.health reads the seed in notice.e2e.ts; here it only posts to /respond with an item
	// that does not exist and to a draft it cannot see: nothing of its state changes.
	respondent: ACCOUNTS.tokyo,
	issuer: 'mhlw.issuer@example.jp',
	viewer: ACCOUNTS.viewer,
	admin: 'admin@example.jp'
};

/** Actions that read the posted form: a body that is not a form must be a 400 there. */
const READS_FORM = new Set([
	'/login?/default',
	'/locale',
	'/admin/grant-lines?/update',
	'/admin/grant-lines?/openYear',
	'/admin/functions?/add',
	'/admin/functions?/update',
	'/admin/departments?/add',
	'/admin/departments/[id=id]?/update',
	'/admin/departments/[id=id]?/merge',
	'/admin/departments/import?/dryRun',
	'/admin/departments/import?/apply',
	'/notices/new?/default',
	'/notices/[id=id]/edit?/save',
	'/notices/[id=id]/respond?/draft',
	'/notices/[id=id]/respond?/submit',
	'/external/[token]?/acknowledge',
	'/external/[token]?/answer'
]);

const HOSTILE_NAMES = [
	...new Set([
		...Object.getOwnPropertyNames(Object.prototype),
		...Object.getOwnPropertyNames(Function.prototype)
	])
];

/** Each name at every position of the paths our forms use (plain, nested, rows, lists). */
function hostilePaths(name: string): string[] {
	return [
		name,
		`${name}.call`,
		`${name}.x.y`,
		`x.${name}`,
		`x.${name}.y`,
		`rows.0.${name}`,
		`rows.0.${name}.call`,
		`${name}.0.x`,
		`${name}[]`
	];
}

async function session(browser: Browser, role: Role): Promise<APIRequestContext> {
	const context = await browser.newContext();
	if (role !== 'anonymous') {
		const page = await context.newPage();
		await signIn(page, EMAIL[role]);
		await page.close();
	}
	return context.request;
}

test('no form post, however hostile or broken, answers 5xx or changes how Kairan answers', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(600_000);
	const origin = { origin: baseURL! };
	const targets = formTargets();
	// The enumeration found the forms we know of, and every route has its acting roles.
	expect(targets.map((t) => `${t.route}?/${t.action}`)).toEqual(
		expect.arrayContaining([
			'/notices/[id=id]/respond?/draft',
			'/notices/[id=id]/edit?/publish',
			'/login?/default'
		])
	);
	const unknown = [...new Set(targets.map((t) => t.route))].filter((r) => !(r in ACTING));
	expect(unknown, 'routes with forms but no acting role in ACTING').toEqual([]);

	const roles = Object.fromEntries(
		await Promise.all(
			(['anonymous', 'respondent', 'issuer', 'viewer', 'admin'] as const).map(
				async (r) => [r, await session(browser, r)] as const
			)
		)
	) as Record<Role, APIRequestContext>;

	// The issuer's own fresh draft is the notice attacked: withdrawing, closing or discarding
	// it harms no other test. /respond is attacked on the seed notice with an item that does
	// not exist, so nothing is saved.
	const editor = await browser.newPage();
	await signIn(editor, EMAIL.issuer);
	const seedId = await seedNoticeId(editor);
	await editor.goto('/notices/new');
	await editor.getByLabel('件名').fill('攻撃試験用の下書き');
	await editor.getByRole('button', { name: '下書きを保存' }).click();
	await expect(editor).toHaveURL(/\/notices\/[^/]+\/edit/);
	const draftId = new URL(editor.url()).pathname.split('/')[2];
	await editor.close();

	const urlOf = (t: Target) => {
		const id = t.route.endsWith('/respond') ? seedId : draftId;
		const route = t.route.replace('[id=id]', id);
		return t.action === null || t.action === 'default' ? route : `${route}?/${t.action}`;
	};
	const extraFields = (t: Target): Record<string, string> =>
		t.route.endsWith('/respond') ? { itemId: 'no-such-item', revision: '0' } : {};

	// What every page answers before the attack, per role.
	const pages: [Role, string][] = [
		['anonymous', '/login'],
		['anonymous', '/healthz'],
		['anonymous', '/notices'],
		['viewer', '/notices'],
		['viewer', '/overview'],
		['viewer', '/registry'],
		['viewer', `/notices/${seedId}`],
		['viewer', `/notices/${seedId}/progress`],
		['viewer', `/notices/${seedId}/responses.csv`],
		['respondent', '/'],
		['respondent', `/notices/${seedId}/respond`],
		['issuer', `/notices/${seedId}/recipients`],
		['issuer', '/notices/new'],
		['admin', '/admin/grant-lines']
	];
	const answers = async () =>
		Promise.all(
			pages.map(async ([role, url]) => {
				const r = await roles[role].get(url, { maxRedirects: 0 });
				return `${role} ${url} ${r.status()}`;
			})
		);
	const before = await answers();
	expect(before.filter((a) => / 5\d\d$/.test(a))).toEqual([]);

	const serverErrors: string[] = [];
	let posted = 0;
	const post = async (role: Role, url: string, init: Parameters<APIRequestContext['post']>[1]) => {
		const r = await roles[role].post(url, { ...init, maxRedirects: 0 });
		posted++;
		if (r.status() >= 500) serverErrors.push(`${role} POST ${url} → ${r.status()}`);
		return r.status();
	};

	for (const target of targets) {
		const url = urlOf(target);
		for (const role of ACTING[target.route]) {
			// The form's acting role gets every name at every position; the other role one each.
			const all = role === ACTING[target.route][0];
			const requests = HOSTILE_NAMES.flatMap((name) =>
				(all ? hostilePaths(name) : [`${name}.call`]).map((field) => ({
					...extraFields(target),
					[field]: 'hostile'
				}))
			);
			for (let i = 0; i < requests.length; i += 8)
				await Promise.all(
					requests.slice(i, i + 8).map((form) => post(role, url, { form, headers: origin }))
				);
		}

		// Bodies that are not forms at all, and names that disagree on a shape.
		const role = ACTING[target.route][0];
		const key = target.action === null ? target.route : `${target.route}?/${target.action}`;
		const broken = await post(role, url, {
			headers: { ...origin, 'content-type': 'multipart/form-data; boundary=kairan' },
			data: '--kairan\r\nContent-Disposition: form-data; name="x"\r\n\r\nno end'
		});
		const plain = await post(role, url, {
			headers: { ...origin, 'content-type': 'text/plain' },
			data: 'status=a'
		});
		const shapes = await post(role, url, {
			headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' },
			data: new URLSearchParams([
				...Object.entries(extraFields(target)),
				['status', 'a'],
				['status[]', 'b']
			]).toString()
		});
		if (READS_FORM.has(key)) {
			expect.soft(broken, `${key}: a broken multipart body`).toBe(400);
			expect.soft(plain, `${key}: a text/plain body`).toBe(400);
		}
		if (key.endsWith('/respond?/draft') || key.endsWith('/respond?/submit'))
			expect.soft(shapes, `${key}: status and status[]`).toBe(400);
	}

	expect(serverErrors).toEqual([]);
	expect(posted).toBeGreaterThan(targets.length * HOSTILE_NAMES.length);
	// Every page answers as before: the process was not poisoned.
	expect(await answers()).toEqual(before);
	const health = await roles.anonymous.get('/healthz');
	expect(health.status()).toBe(200);
	console.log(`hostile forms: ${targets.length} form targets, ${posted} posts, 0 answered 5xx`);
});
