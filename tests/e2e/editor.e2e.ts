// The editor an official can write in: the 令和6年10月8日 事務連絡 reproduced through it from its
// text, as a new issuer would, and its preview compared with the original — paragraphs, the
// issuers' order (厚生労働省 医政局総務課 first), full-width 記 numbers, the 照会先 phone lines
// as printed. Rows are added, moved and removed in place; a refused save keeps everything
// typed and puts the message beside its field; without JavaScript the blank row still works.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SEED_TITLE, expectNoSeriousViolations, seedNoticeId, signIn } from './helpers.ts';

// The original's text (seeds/onestop-center-notice-2024-10-08.txt), copied here: tests do not
// read the shared folder. The preamble is as a PDF viewer copies it, wrapped at the page width.
const PREAMBLE_AS_COPIED = [
	'「性犯罪・性暴力被害者のためのワンストップ支援センター」（以下「セン',
	'ター」という。）は、「第５次男女共同参画基本計画」及び「第４次犯罪被害',
	'者等基本計画」に基づき、都道府県等による設置・運営を推進しており、現在 ',
	'４７都道府県に５２センターが整備されているところですが、被害者支援の充',
	'実を図る観点から、センターの更なる機能強化が求められているところです。 ',
	'つきましては、センター設置の趣旨をご理解いただき、医療的支援を含めた',
	'被害者支援の更なる充実を図る観点から、両部局間の連携を図りながら下記施',
	'策へのご協力をお願いします。 '
].join('\n');
const PREAMBLE = [
	'「性犯罪・性暴力被害者のためのワンストップ支援センター」（以下「センター」という。）は、「第５次男女共同参画基本計画」及び「第４次犯罪被害者等基本計画」に基づき、都道府県等による設置・運営を推進しており、現在４７都道府県に５２センターが整備されているところですが、被害者支援の充実を図る観点から、センターの更なる機能強化が求められているところです。',
	'つきましては、センター設置の趣旨をご理解いただき、医療的支援を含めた被害者支援の更なる充実を図る観点から、両部局間の連携を図りながら下記施策へのご協力をお願いします。'
];
const ITEMS = [
	{
		heading: 'センターにかかるリーフレットの周知・配布について',
		text: '別添１のとおり、医療機関向けにセンターを紹介したリーフレットを作成しました。医療機関の皆様においてセンターについて広く理解していただき、受診者の性被害に気付いた場合にはセンターにご紹介いただけるよう、簡潔にまとめた内容となっておりますので、管下医療機関への周知・配布をお願いします。'
	},
	{
		heading: 'センターの開設等に協力可能な医療機関の情報収集等について',
		text: [
			'令和３年４月８日事務連絡「性犯罪・性暴力被害者のためのワンストップ支援センターの体制強化について（依頼）」（別添２参照）において、センターの開設等に協力可能な医療機関の情報収集・提供及び犯罪被害者支援団体等と医療機関との連携・協力の促進等をお願いしているところですが、センターの更なる機能強化・充実のため、改めて周知を図る等、引き続きご対応をお願いします。',
			'なお、「女性活躍・男女共同参画の重点方針 2024」（女性版骨太の方針2024）においては、センターと医療機関等との提携等の推進のほか、性暴力被害に対応できる診療科毎の医療機関リストの作成について検討することとしており（別添３）、今後、各都道府県の皆様にご協力をいただくことを想定しておりますので、予めご承知おき願います。'
		].join('\n')
	},
	{
		heading: '衛生主管部局とセンター所管部局との連携について',
		text: [
			'各都道府県のセンター所管部局は、必ずしも医療機関にかかる情報やネットワークを有しているとは限らないため、センターの機能強化及び医療的支援の充実にあたっては、両部局間で連携を図ることが重要です。',
			'（１）衛生主管部局における対応',
			'センター所管部局よりセンターの機能強化や医療機関との連携構築等にかかる相談・協力依頼があった場合には、積極的に関与するとともに、必要に応じ助言、医療機関への照会及び連絡等の対応をお願いします。',
			'（２）センター所管部局における対応',
			'引き続きセンターの機能強化に向けた取組及び検討を進めるとともに、医療機関の更なる協力が必要となる場合には、衛生主管部局の協力を得つつ、連携を図りながら、地域における連携関係の構築、センターへの助言や連絡等の対応をお願いします。'
		].join('\n')
	},
	{
		heading: '「性犯罪・性暴力被害者支援のための交付金」の活用について',
		text: 'センターの整備・運営にあたっては、内閣府の「性犯罪・性暴力被害者支援のための交付金」（別添４参照）の活用が可能であり、全ての都道府県において活用されております。センターと医療機関等との連携強化のための取組、拠点となる医療機関の環境整備、医療従事者等への研修等についても交付対象となりますので、センターの機能強化や医療機関との連携にあたっては、当交付金の更なるご活用を検討願います。'
	}
];
const NUMBERS = ['１．', '２．', '３．', '４．'];
// The 照会先 as printed: the second phone with U+2010 hyphens, as a PDF copy brings it.
const CONTACTS = [
	{
		office: '厚生労働省医政局総務課',
		names: '平野、小川',
		extension: '2515、4456',
		phone: '03-5253-1111（代表）'
	},
	{
		office: '内閣府男女共同参画局男女間暴力対策課',
		names: '笹、玉井',
		extension: '37551',
		phone: '03\u20105253\u20102111（代表）'
	}
];
const ADDRESSEES = [
	'各都道府県・保健所設置市・特別区衛生主管部（局）　御中',
	'各都道府県性犯罪・性暴力被害者のためのワンストップ支援センター所管部（局）　御中'
];
const MHLW = '厚生労働省 医政局総務課';
const CAO = '内閣府 男女共同参画局男女間暴力対策課';

/** Pastes text into a field the way a browser delivers a paste (a ClipboardEvent with data). */
async function paste(field: Locator, text: string) {
	await field.focus();
	await field.evaluate((el, text) => {
		const data = new DataTransfer();
		data.setData('text/plain', text);
		const event = new ClipboardEvent('paste', {
			clipboardData: data,
			bubbles: true,
			cancelable: true
		});
		// A synthetic paste inserts nothing by itself: do what the browser would when the page
		// leaves the paste alone.
		if (el.dispatchEvent(event)) document.execCommand('insertText', false, text);
	}, text);
}

/** The editor once its scripts run (row controls appear only then). */
async function hydrated(page: Page) {
	await expect(page.getByRole('button', { name: '記を追加' })).toBeVisible();
}

test('the seed notice written through the editor previews as the original reads', async ({
	page
}) => {
	test.setTimeout(60_000);
	const pageErrors: string[] = [];
	page.on('pageerror', (e) => pageErrors.push(e.message));
	await signIn(page, 'mhlw.issuer@example.jp');
	await page.getByRole('link', { name: '通知を作成' }).click();
	await hydrated(page);

	await page.getByLabel('種別').selectOption({ label: '事務連絡' });
	// Not the seed's exact title: other tests find the seed notice by it.
	const title = SEED_TITLE.replace('協力依頼', '協力依頼（編集画面での再現）');
	await page.getByLabel('件名').fill(title);
	await page.getByLabel('発出日').fill('令和6年10月8日');
	await expect(page.getByLabel('発出日')).toHaveAttribute('placeholder', '例：令和6年10月8日');

	// Issuers: the author's office is chosen; 内閣府 joins after it. Moving 内閣府 up and then
	// 厚生労働省 back up leaves the original's order.
	await page.getByRole('checkbox', { name: /内閣府/ }).check();
	const chosen = page.locator('ul.issuers li.chosen');
	await expect(chosen).toHaveText([/厚生労働省/, /内閣府/]);
	await page.getByRole('button', { name: `上へ ${CAO}` }).click();
	await expect(chosen).toHaveText([/内閣府/, /厚生労働省/]);
	await expect(page.getByRole('button', { name: `下へ ${CAO}` })).toBeFocused();
	await page.getByRole('button', { name: `上へ ${MHLW}` }).click();
	await expect(chosen).toHaveText([/^\s*1\s*厚生労働省/, /^\s*2\s*内閣府/]);
	await page.getByRole('checkbox', { name: '特別区' }).check();
	await page.getByRole('checkbox', { name: '衛生主管部（局）' }).check();

	// Addressee lines: one row, then another added in place.
	await page.getByLabel('宛名1', { exact: true }).fill(ADDRESSEES[0]);
	await page.getByRole('button', { name: '宛名の行を追加' }).click();
	await expect(page.getByLabel('宛名2', { exact: true })).toBeFocused();
	await page.getByLabel('宛名2', { exact: true }).fill(ADDRESSEES[1]);

	// The preamble pasted from the PDF, then its page-width line breaks joined.
	const preamble = page.getByLabel(/^前文/);
	await paste(preamble, PREAMBLE_AS_COPIED);
	await expect(preamble).not.toHaveValue(/ \n/); // layout spaces gone on paste
	await page.getByRole('button', { name: 'PDF改行を結合 前文（記の前の本文）' }).click();
	await expect(preamble).toHaveValue(PREAMBLE.join('\n'));

	// 記: written out of order (4 before 3), an extra row added and removed, then 4 moved down.
	const order = [0, 1, 3, 2];
	for (const [row, item] of order.entries()) {
		if (row > 0) await page.getByRole('button', { name: '記を追加' }).click();
		await page.getByLabel(`記${row + 1} 見出し`).fill(ITEMS[item].heading);
		await page.getByLabel(`記${row + 1} 本文`).fill(ITEMS[item].text);
	}
	await page.getByRole('button', { name: '記を追加' }).click();
	await page.getByLabel('記5 見出し').fill('不要な項目');
	await page.getByRole('button', { name: '削除 記5' }).click();
	await expect(page.getByLabel('記5 見出し')).toHaveCount(0);
	await page.getByRole('button', { name: '下へ 記3' }).click();
	// Focus stays with the moved row: now last, so on its other button.
	await expect(page.getByRole('button', { name: '上へ 記4' })).toBeFocused();
	for (const [i, item] of ITEMS.entries()) {
		await expect(page.getByLabel(`記${i + 1} 見出し`)).toHaveValue(item.heading);
		await expect(page.getByLabel(`記${i + 1} 本文`)).toHaveValue(item.text);
	}
	await expect(page.getByLabel('記の番号の付け方')).toHaveValue('full_width');

	// 照会先 as printed, the second one added in place; the phones are accepted as typed.
	for (const [i, c] of CONTACTS.entries()) {
		if (i > 0) await page.getByRole('button', { name: '照会先を追加' }).click();
		const row = page.getByRole('group', { name: `照会先${i + 1}` });
		await row.getByLabel('課室名').fill(c.office);
		await row.getByLabel('担当者').fill(c.names);
		await row.getByLabel('内線').fill(c.extension);
		await row.getByLabel('電話').fill(c.phone);
	}
	await expectNoSeriousViolations(page);

	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	await expect(page.getByRole('alert')).toHaveCount(0);
	await expect(page.getByRole('group', { name: '照会先2' }).getByLabel('電話')).toHaveValue(
		CONTACTS[1].phone
	);

	await page.getByRole('button', { name: '保存してプレビュー' }).click();
	await expect(page.getByText('プレビュー：宛先にはこのように表示されます')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	const doc = page.getByRole('article');
	const top = doc.locator('header');
	await expect(top.locator('.addressees p')).toHaveText(ADDRESSEES);
	await expect(top.locator('.issuers p')).toHaveText([
		'厚生労働省医政局総務課',
		'内閣府男女共同参画局男女間暴力対策課'
	]);
	// The preamble reads as the original's two paragraphs, line for line.
	expect((await doc.locator('.preamble').innerText()).split('\n').filter(Boolean)).toEqual(
		PREAMBLE
	);
	await expect(doc.getByRole('heading', { level: 3 })).toHaveText(
		ITEMS.map((item, i) => `${NUMBERS[i]}${item.heading}`)
	);
	const items = doc.locator('ol.items > li');
	for (const [i, item] of ITEMS.entries()) {
		const lines = (await items.nth(i).locator('p').innerText()).split('\n').filter(Boolean);
		expect(lines).toEqual(item.text.split('\n'));
	}
	const contacts = doc.getByRole('region', { name: '＜照会先＞' });
	await expect(contacts.getByText('電話：03‐5253‐2111（代表）')).toBeVisible();
	await expect(contacts.getByText('平野、小川（内線 2515、4456）')).toBeVisible();
	expect(pageErrors).toEqual([]);
});

test('a refused save keeps what was typed and says why beside the field', async ({ page }) => {
	test.setTimeout(60_000);
	await signIn(page, 'mhlw.issuer@example.jp');
	await page.getByRole('link', { name: '通知を作成' }).click();
	await hydrated(page);
	await page.getByLabel('件名').fill('電話番号の確認');
	await page.getByLabel('記1 見出し').fill('周知');
	await page.getByRole('button', { name: '記を追加' }).click();
	await page.getByLabel('記2 見出し').fill('連携');
	await page.getByLabel('記2 本文').fill('一行目\n二行目');
	const row = page.getByRole('group', { name: '照会先1' });
	await row.getByLabel('課室名').fill('医政局総務課');
	await row.getByLabel('電話').fill('平野までお電話ください');
	await page.getByRole('button', { name: '下書きを保存' }).click();

	const phone = page.getByRole('group', { name: '照会先1' }).getByLabel('電話');
	await expect(phone).toHaveAttribute('aria-invalid', 'true');
	const messageId = await phone.getAttribute('aria-describedby');
	expect(messageId).toBeTruthy();
	const message = page.locator(`[id="${messageId}"]`);
	await expect(message).toContainText('電話番号「平野までお電話ください」は番号として読めません');
	// Beside its field: the message is in the same cell as the phone, not under the fieldset.
	await expect(phone.locator('xpath=..').locator('.error')).toHaveText(await message.innerText());
	await expect(page.getByLabel('件名')).toHaveValue('電話番号の確認');
	await expect(page.getByLabel('記2 本文')).toHaveValue('一行目\n二行目');
	await expect(phone).toHaveValue('平野までお電話ください');
	await expectNoSeriousViolations(page);

	// Officials' ways of writing a number are accepted.
	await phone.fill('内線 2345');
	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	await expect(page.getByRole('group', { name: '照会先1' }).getByLabel('電話')).toHaveValue(
		'内線 2345'
	);

	// An attachment's edited label survives a refused save too.
	await page.getByLabel(/^ファイル（PDF/).setInputFiles({
		name: 'leaflet.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from(
			'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
		)
	});
	await page.getByRole('button', { name: '保存して添付する' }).click();
	const label = page.getByRole('textbox', { name: 'ラベル 1' });
	await expect(label).toHaveValue('別添１');
	await label.fill('別添４');
	await page.getByRole('group', { name: '照会先1' }).getByLabel('電話').fill('未定');
	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page.getByRole('group', { name: '照会先1' }).getByLabel('電話')).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await expect(label).toHaveValue('別添４');
});

test('without JavaScript, filling the blank row and saving adds a row', async ({ browser }) => {
	test.setTimeout(60_000);
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'mhlw.issuer@example.jp');
	await page.goto('/notices/new');
	await expect(page.getByRole('button', { name: '記を追加' })).toHaveCount(0);
	await page.getByLabel('件名').fill('スクリプトなしの下書き');
	await page.getByLabel('宛名1', { exact: true }).fill('各特別区衛生主管部（局）　御中');
	await page.getByLabel('記1 見出し').fill('周知');
	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	await expect(page.getByLabel('記1 見出し')).toHaveValue('周知');
	await page.getByLabel('記2 見出し').fill('連携');
	await page.getByLabel('宛名2', { exact: true }).fill('各都道府県衛生主管部（局）　御中');
	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page.getByLabel('記2 見出し')).toHaveValue('連携');
	await expect(page.getByLabel('記3 見出し')).toHaveValue('');
	await expect(page.getByLabel('宛名2', { exact: true })).toHaveValue(
		'各都道府県衛生主管部（局）　御中'
	);
	await context.close();
});

test('saving a correction as a draft keeps its typed reason', async ({ page }) => {
	await signIn(page, 'mhlw.issuer@example.jp');
	const id = await seedNoticeId(page);
	await page.goto(`/notices/${id}`);
	await page.getByRole('button', { name: '訂正する' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('訂正（第2版）を作成');
	const reason = page.getByLabel(/^宛先に通知される訂正の理由/);
	await reason.fill('照会先の電話番号を訂正します。');
	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page.getByText('保存しました。')).toBeVisible();
	await expect(reason).toHaveValue('照会先の電話番号を訂正します。');
	// Leave the seed notice as it was for the other tests.
	await page.getByRole('button', { name: '訂正を破棄' }).click();
	await expect(page).toHaveURL(`/notices/${id}`);
});
