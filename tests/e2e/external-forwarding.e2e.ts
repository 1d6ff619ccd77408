// Forwarding to organizations outside government (issue 13), walked as its people would:
// tokyo.health (東京都's health department, addressed by the seed notice) forwards the seed to two
// registry hospitals of 東京都; each hospital opens the link from its mail without an account,
// confirms receipt, and one answers the issuer's question; the prefecture's page then shows
// 回答済み / 受領済み with the answer. A tampered link and an expired one get a clear page (404,
// 410), never a 500. Every new page gets an axe scan.
//
// The seed is marked forwardable (with a question) straight in the served database, as the
// issuer's editor would, and put back at the end. tokyo.health only reads the seed here.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, emlFiles, expectNoSeriousViolations, seedNoticeId, signIn } from './helpers.ts';
import { dataDirOf } from './servers.ts';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const DATA = dataDirOf('sqlite');
const QUESTION = '院内への掲示の予定を教えてください。';
const COVER = '貴院におかれましても、院内掲示等による周知をお願いします。';
const ANSWER = '12月中に外来待合室へ掲示します。';

/** The path of the link in the newest mail to `address` about the forwarded notice. */
async function linkMailedTo(address: string): Promise<string> {
	let link = '';
	await expect
		.poll(
			async () => {
				for (const f of emlFiles().sort().reverse()) {
					const parsed = await simpleParser(fs.readFileSync(path.join(DATA, 'outbox', f)));
					const to = [parsed.to]
						.flat()
						.flatMap((t) => t?.value ?? [])
						.map((v) => v.address);
					if (!to.includes(address) || !(parsed.subject ?? '').includes('東京都より転送')) continue;
					expect(parsed.text).toContain(COVER);
					link = /\/external\/[A-Za-z0-9_.-]+/.exec(parsed.text ?? '')?.[0] ?? '';
					return link !== '';
				}
				return false;
			},
			{ timeout: 30_000 }
		)
		.toBe(true);
	return link;
}

/**
 * The table row of an institution, by its address cell (names repeat across a prefecture's
 * reporting bodies; 医療機関名1 would also match 医療機関名10).
 */
const rowOf = (page: Page, email: string) =>
	page.getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });

const sidewaysOverflow = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function forwardPage(page: Page, id: string, query = '') {
	await page.goto(`/notices/${id}/forward/external${query}`);
	await expect(
		page.getByRole('heading', { level: 1, name: '管内の医療機関等への転送' })
	).toBeVisible();
}

test('a prefecture forwards to registry hospitals; they confirm and answer through their link', async ({
	page,
	browser,
	baseURL
}) => {
	await signIn(page, ACCOUNTS.tokyo);
	const id = await seedNoticeId(page);
	const db = new Database(path.join(DATA, 'kairan.db'));
	db.pragma('busy_timeout = 5000');
	try {
		db.prepare(`UPDATE "Notice" SET "forwardable" = 1, "externalQuestion" = ? WHERE "id" = ?`).run(
			QUESTION,
			id
		);

		// The prefecture chooses two hospitals of its registry (those with an address).
		await forwardPage(page, id);
		await expect(page.getByText(QUESTION)).toBeVisible();
		await expectNoSeriousViolations(page);
		const rows = page
			.getByRole('row')
			.filter({ has: page.locator('input[name="institution"]:not([disabled])') });
		expect(await rows.count()).toBeGreaterThanOrEqual(2);
		const chosen: { name: string; email: string }[] = [];
		for (const i of [0, 1]) {
			const row = rows.nth(i);
			chosen.push({
				name: (await row.getByRole('cell').nth(1).innerText()).trim(),
				email: (await row.getByRole('cell').nth(3).innerText()).trim()
			});
			await row.getByRole('checkbox').check();
		}
		await page.getByLabel('連絡文（任意）', { exact: true }).fill(COVER);
		await expect(page.getByLabel('リンクの有効期間（日）')).toHaveValue('30');
		await page.getByLabel('選んだ機関にこの通知を転送します').check();
		await page.getByRole('button', { name: '転送する' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: '2機関に転送しました。' })
		).toBeVisible();
		// Reached ones are marked and cannot be chosen again.
		for (const c of chosen) await expect(rowOf(page, c.email).getByText('送付済み')).toBeVisible();

		const [first, second] = await Promise.all(chosen.map((c) => linkMailedTo(c.email)));

		// The first hospital: no account, reads, confirms receipt, answers.
		const anonymous = await browser.newContext();
		const hospital = await anonymous.newPage();
		const opened = await hospital.goto(first);
		expect(opened!.status()).toBe(200);
		const headers = opened!.headers();
		expect(headers['referrer-policy']).toBe('same-origin');
		expect(headers['x-robots-tag']).toContain('noindex');
		await expect(hospital.getByRole('heading', { level: 1, name: '転送された通知' })).toBeVisible();
		await expect(hospital.getByText(COVER)).toBeVisible();
		await expect(hospital.getByText('個人を特定できる情報は記入しないでください。')).toBeVisible();
		await expect(hospital.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
		await expectNoSeriousViolations(hospital);
		const download = await anonymous.request.get(`${first}/attachments/1`);
		expect(download.status()).toBe(200);
		expect(download.headers()['content-type']).toBe('application/pdf');
		expect((await anonymous.request.get(`${first}/attachments/99`)).status()).toBe(404);

		await hospital.getByRole('button', { name: '受領を確認しました' }).click();
		await expect(
			hospital.getByRole('status').filter({ hasText: '受領を確認しました。' })
		).toBeVisible();
		await hospital.getByLabel('回答（1000文字以内）').fill(ANSWER);
		await hospital.getByRole('button', { name: '回答を保存する' }).click();
		await expect(
			hospital.getByRole('status').filter({ hasText: '回答を保存しました。' })
		).toBeVisible();
		await expect(hospital.getByLabel('回答（1000文字以内）')).toHaveValue(ANSWER);

		// At phone width the page fits (no sideways scrolling of the page itself).
		await hospital.setViewportSize({ width: 390, height: 800 });
		expect(await sidewaysOverflow(hospital)).toBeLessThanOrEqual(0);

		// Refused bodies: too long an answer (400), too large a body (413); nothing 5xx.
		const origin = { origin: baseURL! };
		const tooLong = await anonymous.request.post(`${first}?/answer`, {
			form: { answer: 'あ'.repeat(1001) },
			headers: origin
		});
		expect(tooLong.status()).toBe(400);
		const tooLarge = await anonymous.request.post(`${first}?/answer`, {
			form: { answer: 'a'.repeat(20_000) },
			headers: origin
		});
		expect(tooLarge.status()).toBe(413);

		// The second hospital confirms receipt only; then its link is cut short (expired).
		await hospital.goto(second);
		await hospital.getByRole('button', { name: '受領を確認しました' }).click();
		await expect(hospital.getByText('受領済み').first()).toBeVisible();
		db.prepare(`UPDATE "ExternalRecipient" SET "expiresAt" = "createdAt" WHERE "email" = ?`).run(
			chosen[1].email
		);
		const expired = await hospital.goto(second);
		expect(expired!.status()).toBe(410);
		await expect(hospital.getByText('有効期限が切れています')).toBeVisible();
		await expectNoSeriousViolations(hospital);

		// A tampered link: one character of the signature changed.
		const tampered = first.slice(0, -1) + (first.endsWith('A') ? 'B' : 'A');
		const refused = await hospital.goto(tampered);
		expect(refused!.status()).toBe(404);
		await expect(hospital.getByText('このリンクは無効です')).toBeVisible();
		expect(
			(
				await anonymous.request.post(`${tampered}?/acknowledge`, { form: {}, headers: origin })
			).status()
		).toBe(404);
		await anonymous.close();

		// The prefecture sees 回答済み with the answer, and 受領済み.
		await forwardPage(page, id, '?view=sent');
		const answered = rowOf(page, chosen[0].email);
		await expect(answered.getByText('回答済み')).toBeVisible();
		await expect(answered.getByText(ANSWER)).toBeVisible();
		await expect(rowOf(page, chosen[1].email).getByText('受領済み')).toBeVisible();
		await expect(page.getByText('2機関に転送　受領済み 2　回答済み 1')).toBeVisible();
		await expectNoSeriousViolations(page);

		// At phone width the pages still fit (no sideways scrolling of the page itself).
		await page.setViewportSize({ width: 390, height: 800 });
		await forwardPage(page, id);
		expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
	} finally {
		db.prepare(
			`UPDATE "Notice" SET "forwardable" = 0, "externalQuestion" = NULL WHERE "id" = ?`
		).run(id);
		db.close();
	}
});
