// Shared by the browser tests: demo accounts, the seed notice and signing in through the form.
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'kairan-demo-2024';
export const SESSION_COOKIE = 'kairan_session';

/**
 * Each account's state matters (opening a notice marks it read for the whole department), so
 * each test that depends on it uses an account that no other test changes:
 * - tokyo.health: notice.e2e.ts reads the seed notice and downloads from it;
 * - yokohama.health: sign-in.e2e.ts expects the seed unread and unacknowledged; respond.e2e.ts
 *   answers it (through /respond, which records no view) and must never open the notice page;
 * - setagaya.health: sign-in.e2e.ts, and publish.e2e.ts (only the notice it publishes);
 * - hokkaido.center: notice.e2e.ts's language test (opens the notice); respond-custom.e2e.ts
 *   answers notices of its own that it writes into the database (addressed to it alone);
 * - viewer: anyone (a viewer's reading is not tracked).
 */
export const ACCOUNTS = {
	tokyo: 'tokyo.health@example.jp',
	yokohama: 'yokohama.health@example.jp',
	setagaya: 'setagaya.health@example.jp',
	hokkaido: 'hokkaido.center@example.jp',
	viewer: 'viewer@example.jp'
} as const;

export const SEED_TITLE =
	'「性犯罪・性暴力被害者のためのワンストップ支援センター」の運営にかかる協力依頼について';

export const LOGIN_FAILED = 'メールアドレスまたはパスワードが正しくありません。';

/** Fills and submits the sign-in form on the page already open (a /login URL). */
export async function submitSignIn(page: Page, email: string, password = PASSWORD) {
	// No need to wait for hydration: the field's server value is only its default, so what is
	// typed before the scripts load stays (the sign-in form also works without them).
	await page.getByLabel('メールアドレス').fill(email);
	await page.getByLabel('パスワード').fill(password);
	await page.getByRole('button', { name: 'サインイン' }).click();
}

/**
 * Signs in from /login, checks where the account lands — a respondent on its home (what to do
 * next), everyone else on the notice list — and leaves the page on the notice list.
 */
export async function signIn(page: Page, email: string) {
	await page.goto('/login');
	await submitSignIn(page, email);
	await expect(page).toHaveURL(/^[^?]*\/(notices)?$/);
	if (new URL(page.url()).pathname === '/') {
		await expect(page.getByRole('heading', { level: 1, name: '対応が必要な通知' })).toBeVisible();
		await page.goto('/notices');
	}
	await expect(page.getByRole('heading', { level: 1, name: '通知一覧' })).toBeVisible();
}

/** The seed notice's row in the notice list. */
export function seedRow(page: Page) {
	return page.getByRole('row').filter({ has: page.getByRole('link', { name: SEED_TITLE }) });
}

/** The seed notice's id, read from its link in the list (the page must show the list). */
export async function seedNoticeId(page: Page): Promise<string> {
	// The server renders relative links (./notices/…); the browser resolves them.
	const href = await page
		.getByRole('link', { name: SEED_TITLE })
		.evaluate((a) => (a as HTMLAnchorElement).href);
	const id = new URL(href).pathname.match(/^\/notices\/([^/]+)$/)?.[1];
	expect(id, `link to the seed notice: ${href}`).toBeTruthy();
	return id!;
}

/** Where the served app writes one .eml per mail (no SMTP_URL in the browser tests). */
const OUTBOX = path.resolve(import.meta.dirname, '../../test-results/e2e-data/outbox');

export function emlFiles(): string[] {
	return fs.existsSync(OUTBOX) ? fs.readdirSync(OUTBOX).filter((f) => f.endsWith('.eml')) : [];
}

/** Messages in the outbox whose Subject header (RFC 2047-encoded) decodes to contain text. */
export function mailsAbout(files: string[], text: string): number {
	return files.filter((f) => {
		const raw = fs.readFileSync(path.join(OUTBOX, f), 'utf8');
		const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
		const decoded = subject.replace(
			/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi,
			(_, enc: string, data: string) =>
				enc.toUpperCase() === 'B'
					? Buffer.from(data, 'base64').toString('utf8')
					: Buffer.from(
							data
								.replace(/_/g, ' ')
								.replace(/=([0-9A-F]{2})/gi, (_m, h: string) =>
									String.fromCharCode(parseInt(h, 16))
								),
							'latin1'
						).toString('utf8')
		);
		return decoded.replace(/\s+/g, '').includes(text.replace(/\s+/g, ''));
	}).length;
}

/** An axe scan of the page as it stands: no serious or critical violation, each one named. */
export async function expectNoSeriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(serious).toEqual([]);
}
