// Issue 13's done-when walk, as new users would do it with nothing but the browser, in one test:
// mhlw.issuer writes a notice with one response item that every body answers, asks prefectures
// to pass it on to their municipalities (転送) and publishes it to the 衛生主管部（局） of every
// prefecture, 保健所設置市 and 特別区; 神奈川県 forwards it to all its 市・町・村 — the screen
// shows 横浜市 and the other 保健所設置市 as already addressed and does not offer them —
// with its own cover note; 鎌倉市 (a city that runs no 保健所) reads the cover note,
// acknowledges and answers; the ministry's progress page shows 神奈川県 forwarded to N
// municipalities with 1 answered, and 神奈川県 sees its municipalities' progress. Axe scans the
// forward screen and the second layer.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoSeriousViolations, signIn } from './helpers.ts';

const TITLE = '性暴力被害者支援に関するリーフレットの管内市町村への周知について（依頼）';
const ISSUER = 'mhlw.issuer@example.jp';
const KANAGAWA = 'kanagawa.health@example.jp';
const KAMAKURA = 'kamakura.health@example.jp';

const item = (page: Page, i: number) => page.getByTestId(`item-${i}`);
const field = (page: Page, at: string) => page.getByTestId(`field-${at}`);

async function signedIn(browser: Browser, email: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

test('forwarded by 神奈川県 to its municipalities, answered by 鎌倉市, counted as a second layer', async ({
	browser
}) => {
	test.setTimeout(300_000);

	// ── The issuer writes the notice, asks for forwarding, and defines one item for everyone.
	const issuer = await signedIn(browser, ISSUER);
	await issuer.goto('/notices');
	await issuer.getByRole('link', { name: '通知を作成' }).click();
	await issuer.getByLabel('種別').selectOption({ label: '事務連絡' });
	await issuer.getByLabel('件名').fill(TITLE);
	await issuer.getByLabel('発出日').fill('令和8年12月2日');
	await issuer.getByLabel('回答期限').fill('2026-12-25');
	for (const kind of ['都道府県', '政令指定都市', '中核市', 'その他の保健所設置市', '特別区'])
		await issuer.getByRole('checkbox', { name: kind, exact: true }).check();
	await issuer.getByRole('checkbox', { name: '衛生主管部（局）' }).check();
	await issuer.getByLabel('都道府県から管内市町村への周知（転送）を依頼する').check();
	await issuer
		.getByLabel('宛名1', { exact: true })
		.fill('各都道府県・保健所設置市・特別区衛生主管部（局）　御中');
	await issuer
		.getByLabel(/^前文/)
		.fill('標記のリーフレットについて、貴管内市町村への周知をお願いします。');
	await issuer.getByLabel('記1 見出し').fill('周知の状況');
	await issuer.getByLabel('記1 本文').fill('周知の状況を回答してください。');
	await issuer.locator('input[name=contactOffice]').nth(0).fill('医政局総務課');
	await issuer.locator('input[name=contactNames]').nth(0).fill('担当A');
	await issuer.getByRole('button', { name: '下書きを保存' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	const id = /\/notices\/([^/]+)\/edit/.exec(issuer.url())?.[1];
	expect(id).toBeTruthy();
	await expect(issuer.getByLabel('都道府県から管内市町村への周知（転送）を依頼する')).toBeChecked();

	await issuer.getByRole('link', { name: '回答項目を編集' }).click();
	await issuer.getByRole('button', { name: '空の項目' }).click();
	await item(issuer, 0).getByLabel('題名').fill('周知の状況');
	const status = field(issuer, 'items.0.fields.0');
	await status.getByLabel('種類').first().selectOption({ label: '選択（1つ）' });
	await status.getByLabel('名前').first().fill('周知の状況');
	await status.getByLabel('項目キー').first().fill('status');
	await status.getByLabel('選択肢').fill('done=周知済み\nplanned=周知予定');
	await status.getByLabel('必須').check();
	await issuer.getByRole('button', { name: '保存' }).first().click();
	await expect(issuer.getByText('回答項目を保存しました。')).toBeVisible();

	await issuer.goto(`/notices/${id}/edit`);
	await issuer.getByRole('button', { name: /部局に公開して送信する$/ }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('配信・受領状況');

	// ── 神奈川県 forwards it to its 市・町・村; the 保健所設置市 it was sent to are not offered.
	const kanagawa = await signedIn(browser, KANAGAWA);
	await kanagawa.goto(`/notices/${id}`);
	await kanagawa.getByRole('link', { name: '管内市町村へ転送' }).click();
	await expect(kanagawa.getByRole('heading', { level: 1 })).toHaveText('管内市町村への転送');
	// 神奈川県 has 33 市・町・村; 6 of them run a 保健所 and were addressed directly.
	await expect(
		kanagawa.getByText('転送できる団体 27、既に直接の宛先 6、転送済み 0、部局が名簿にない団体 0')
	).toBeVisible();
	for (const city of ['横浜市', '川崎市', '相模原市', '横須賀市', '藤沢市', '茅ヶ崎市']) {
		const body = kanagawa.getByRole('listitem').filter({ hasText: city });
		await expect(body.getByText('既に送付済み（直接の宛先）')).toBeVisible();
		await expect(body.getByRole('checkbox')).toHaveCount(0);
	}
	await expect(kanagawa.getByRole('checkbox', { name: /^鎌倉市/ })).toBeVisible();
	await expectNoSeriousViolations(kanagawa);
	const all = kanagawa.getByRole('checkbox', { name: /^すべて選択/ });
	const n = 27;
	await all.check();
	await kanagawa.getByLabel('文書番号').fill('神健第1203号');
	await kanagawa.getByLabel('日付', { exact: true }).fill('令和8年12月3日');
	await kanagawa
		.getByLabel('本文')
		.fill('標記について、厚生労働省から別紙のとおり依頼がありました。');
	await kanagawa.getByRole('button', { name: '確認へ進む' }).click();
	await expect(kanagawa.getByText(`${n} 団体へ転送します。`)).toBeVisible();
	await kanagawa.getByRole('button', { name: '転送する' }).click();
	await expect(kanagawa.getByText(`${n} 団体へ転送しました。`)).toBeVisible();

	// A second look at the screen offers nothing: every body has been reached.
	await kanagawa.goto(`/notices/${id}/forward`);
	await expect(kanagawa.getByText('転送できる団体はありません。')).toBeVisible();

	// ── 鎌倉市 reads the cover note, acknowledges receipt and answers, as a first-level body would.
	const kamakura = await signedIn(browser, KAMAKURA);
	await kamakura.getByRole('link', { name: TITLE }).first().click();
	await expect(kamakura.getByText('この通知は 神奈川県')).toBeVisible();
	await expect(kamakura.getByText('神健第1203号')).toBeVisible();
	await kamakura.getByRole('button', { name: '受領を確認する' }).click();
	await expect(kamakura.getByText(/が確認しました。/)).toBeVisible();
	await kamakura.getByRole('link', { name: '回答を入力・確認する' }).first().click();
	await expect(kamakura).toHaveURL(`/notices/${id}/respond`);
	await kamakura.getByRole('radio', { name: '周知済み' }).check();
	await kamakura.getByRole('button', { name: '提出する', exact: true }).click();
	await expect(kamakura.getByText('提出しました。')).toBeVisible();

	// ── The ministry's progress page: 神奈川県 forwarded to N municipalities, 1 answered.
	await issuer.goto(`/notices/${id}/progress`);
	const layer = issuer.getByTestId('second-layer');
	await expect(layer.getByText(`神奈川県: ${n} 市町村へ転送、1 回答済み`)).toBeVisible();
	const row = layer.getByRole('row').filter({ hasText: '神奈川県' });
	await expect(row.getByRole('cell').filter({ hasText: /^転送した$/ })).toBeVisible();
	await expectNoSeriousViolations(issuer);
	// The first level is as it was: 157 departments addressed, 鎌倉市 not among them.
	await issuer.goto(`/notices/${id}/recipients`);
	await expect(issuer.getByTestId('total-recipients')).toHaveText('157');

	// ── 神奈川県 sees its municipalities' progress (not their answers).
	await kanagawa.goto(`/notices/${id}/forwarded?status=answered`);
	await expect(kanagawa.getByRole('heading', { level: 1 })).toHaveText('転送先の状況');
	await expect(kanagawa.getByRole('row').filter({ hasText: '鎌倉市' })).toHaveCount(1);
	await expect(kanagawa.getByText('周知済み')).toHaveCount(0);
	await expectNoSeriousViolations(kanagawa);
});
