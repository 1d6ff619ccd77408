// The respond page renders any item from its definition, not only the demo's: a notice whose
// items no code knows (written straight into the served database, as an issuer's editor would
// store them) is answered by 北海道's center in the browser — errors beside their fields with
// the focus on the first, a conditional field live, a table with rows added in place — and
// typing in one item survives saving another, with a warning before leaving. A notice with no
// items asks for no answer.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, SEED_TITLE, expectNoSeriousViolations, signIn } from './helpers.ts';

const DATABASE = path.resolve(import.meta.dirname, '../../test-results/e2e-data/kairan.db');
const TITLE = '性暴力被害者支援に関する研修の実施状況について（照会）';
const INFO_TITLE = '支援センターの愛称の決定について（周知）';

const training = {
	instructions: '令和6年度に実施した研修について回答してください。',
	appliesTo: { bodyKinds: [], functions: [] },
	fields: [
		{ key: 'held', type: 'yes_no', label: '研修を実施しましたか', required: true },
		{
			key: 'heldOn',
			type: 'date',
			label: '最初の実施日',
			required: true,
			shownIf: { field: 'held', equals: true }
		},
		{ key: 'participants', type: 'whole_number', label: '参加者数', unit: '人', min: 0 },
		{ key: 'budget', type: 'amount_yen', label: '研修の経費' },
		{ key: 'attendance', type: 'percentage', label: '受講率' },
		{ key: 'year', type: 'fiscal_year', label: '対象年度', min: 2020, max: 2030 },
		{
			key: 'format',
			type: 'single_choice',
			label: '形式',
			choices: [
				{ value: 'in_person', label: '対面' },
				{ value: 'online', label: 'オンライン' }
			]
		},
		{
			key: 'topics',
			type: 'multiple_choice',
			label: '内容',
			choices: [
				{ value: 'law', label: '法制度' },
				{ value: 'care', label: '被害者支援' },
				{ value: 'evidence', label: '証拠採取' }
			]
		},
		{ key: 'bodyCode', type: 'code', label: '団体コード', check: 'local_government_code' },
		{
			key: 'sessions',
			type: 'table',
			label: '回ごとの記録',
			minRows: 1,
			maxRows: 10,
			unit: '回',
			columns: [
				{ key: 'date', type: 'date', label: '日付', required: true },
				{ key: 'attendees', type: 'whole_number', label: '人数', unit: '人' },
				{ key: 'venue', type: 'short_text', label: '会場' }
			]
		},
		{ key: 'note', type: 'long_text', label: '備考' },
		{ key: 'material', type: 'file', label: '研修資料' }
	],
	checks: [],
	summary: ['held', 'participants']
};
const contact = {
	instructions: '',
	appliesTo: { bodyKinds: [], functions: [] },
	fields: [{ key: 'desk', type: 'short_text', label: '担当窓口', required: true }],
	checks: [],
	summary: []
};

const newId = () => `e2e${randomBytes(12).toString('hex')}`;

/**
 * Two notices addressed to 北海道's center only, cloned from the seed notice's rows: one asking
 * the two items above, one asking nothing. Returns their ids.
 */
function insertNotices(): { asking: string; infoOnly: string } {
	const db = new Database(DATABASE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const seed = db
			.prepare(
				`SELECT n.id FROM Notice n JOIN NoticeVersion v ON v.noticeId = n.id AND v.number = n.currentVersionNumber WHERE v.title = ?`
			)
			.get(SEED_TITLE) as { id: string };
		const department = db
			.prepare(`SELECT departmentId FROM User WHERE email = ?`)
			.get(ACCOUNTS.hokkaido) as { departmentId: string };
		const clone = (
			title: string,
			items: { number: number; title: string; definition: object }[]
		) => {
			const id = newId();
			db.transaction(() => {
				for (const [table, key] of [
					['Notice', 'id'],
					['NoticeVersion', 'noticeId'],
					['NoticeIssuer', 'noticeId']
				] as const) {
					db.exec(
						`DROP TABLE IF EXISTS temp.c; CREATE TEMP TABLE c AS SELECT * FROM "${table}" WHERE "${key}" = '${seed.id}'`
					);
					db.prepare(`UPDATE temp.c SET "${key}" = ?`).run(id);
					if (table === 'NoticeVersion')
						db.prepare(`UPDATE temp.c SET id = ? || number, title = ?, searchText = ?`).run(
							id,
							title,
							title
						);
					db.exec(`INSERT INTO "${table}" SELECT * FROM temp.c`);
				}
				db.prepare(`INSERT INTO Recipient (id, noticeId, departmentId) VALUES (?, ?, ?)`).run(
					newId(),
					id,
					department.departmentId
				);
				for (const item of items)
					db.prepare(
						`INSERT INTO ResponseItem (id, noticeId, number, title, kind, functions, deadline, definition) VALUES (?, ?, ?, ?, 'free_text', '[]', NULL, ?)`
					).run(newId(), id, item.number, item.title, JSON.stringify(item.definition));
			})();
			return id;
		};
		return {
			asking: clone(TITLE, [
				{ number: 1, title: '研修の実施状況', definition: training },
				{ number: 2, title: '担当窓口', definition: contact }
			]),
			infoOnly: clone(INFO_TITLE, [])
		};
	} finally {
		db.close();
	}
}

let ids: { asking: string; infoOnly: string };
test.beforeAll(() => {
	ids = insertNotices();
});

const item = (page: Page, n: number) =>
	page.locator('section', { has: page.getByRole('heading', { name: new RegExp(`^記${n}`) }) });

test('a custom item: typed fields, errors beside them, a live condition, a table, no typing lost', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, ACCOUNTS.hokkaido);
	await page.goto(`/notices/${ids.asking}/respond`);
	const training = item(page, 1);
	await expect(
		training.getByText('令和6年度に実施した研修について回答してください。')
	).toBeVisible();
	// Scripts running: the table offers to add rows.
	await expect(training.getByRole('button', { name: /^行を追加/ })).toBeVisible();
	await expectNoSeriousViolations(page);

	// The date is asked only once the training was held.
	const heldOn = training.getByLabel('最初の実施日');
	await expect(heldOn).toBeHidden();
	await training.getByRole('radio', { name: 'はい' }).check();
	await expect(heldOn).toBeVisible();
	await training.getByRole('radio', { name: 'いいえ' }).check();
	await expect(heldOn).toBeHidden();
	await training.getByRole('radio', { name: 'はい' }).check();

	// Typed into the other item, not saved.
	await item(page, 2).getByLabel('担当窓口').fill('北海道 子ども政策局');

	// Wrong values: refused beside each field, the focus on the first.
	await heldOn.fill('令和6年9月3日');
	await training.getByLabel('参加者数').fill('十人');
	await training.getByLabel('団体コード').fill('010001');
	await training.getByRole('button', { name: '提出する' }).click();
	const participants = training.getByLabel('参加者数');
	await expect(participants).toHaveAttribute('aria-invalid', 'true');
	await expect(participants).toHaveAccessibleDescription(/数字/);
	await expect(participants).toBeFocused();
	const code = training.getByLabel('団体コード');
	await expect(code).toHaveAttribute('aria-invalid', 'true');
	await expect(code).toHaveAccessibleDescription(/検査数字/);
	await expect(training.getByRole('alert')).toContainText('入力内容を確認してください（2 件）');
	// Nothing typed is lost, here or in the other item.
	await expect(heldOn).toHaveValue('令和6年9月3日');
	await expect(item(page, 2).getByLabel('担当窓口')).toHaveValue('北海道 子ども政策局');
	await expectNoSeriousViolations(page);

	// Corrected and completed: every type, two table rows (the second added in place).
	await participants.fill('４５人');
	await code.fill('010006');
	await training.getByLabel('研修の経費').fill('1,200,000');
	await training.getByLabel('受講率').fill('87.5%');
	await training.getByLabel('対象年度').selectOption('2024');
	await training.getByRole('radio', { name: 'オンライン' }).check();
	await training.getByRole('checkbox', { name: '法制度' }).check();
	await training.getByRole('checkbox', { name: '証拠採取' }).check();
	await training.getByLabel('1行目 日付').fill('R6.9.3');
	await training.getByLabel('1行目 人数').fill('30');
	await training.getByLabel('1行目 会場').fill('道庁別館');
	await training.getByRole('button', { name: /^行を追加/ }).click();
	await training.getByLabel('2行目 日付').fill('2024-10-15');
	await training.getByLabel('2行目 人数').fill('15');
	await training.getByLabel('備考').fill('オンデマンド配信も実施');
	await expect(training.getByText('研修資料')).toBeVisible();
	await expect(training.getByText(/ブラウザの回答画面ではまだできません/)).toBeVisible();
	await training.getByRole('button', { name: '提出する' }).click();
	await expect(page.getByText('提出しました。')).toBeVisible();

	// 記2's typing survived 記1's save, and the page says it is unsaved.
	await expect(item(page, 2).getByLabel('担当窓口')).toHaveValue('北海道 子ども政策局');
	await expect(item(page, 2).getByText('未保存の変更があります')).toBeVisible();
	await expect(item(page, 1).getByText('未保存の変更があります')).toHaveCount(0);

	// Leaving asks first; declining keeps the page and the typing.
	let asked = '';
	page.once('dialog', (dialog) => {
		asked = dialog.message();
		void dialog.dismiss();
	});
	await page.getByRole('link', { name: 'ホーム' }).click();
	await expect.poll(() => asked).toContain('記2');
	await expect(page).toHaveURL(`/notices/${ids.asking}/respond`);
	await expect(item(page, 2).getByLabel('担当窓口')).toHaveValue('北海道 子ども政策局');
	await item(page, 2).getByRole('button', { name: '下書き保存' }).click();
	await expect(page.getByText('下書きを保存しました。')).toBeVisible();

	// Saved as read back: the date in 和暦 (Gregorian beside it), the year, the rows.
	await page.goto(`/notices/${ids.asking}/respond`);
	const again = item(page, 1);
	await expect(again.getByLabel('最初の実施日')).toHaveValue('令和6年9月3日');
	await expect(again.getByText('令和6年9月3日（2024年9月3日）').first()).toBeVisible();
	await expect(again.getByLabel('対象年度')).toHaveValue('2024');
	await expect(again.getByLabel('参加者数')).toHaveValue('45');
	await expect(again.getByLabel('2行目 日付')).toHaveValue('令和6年10月15日');
	await expect(again.getByRole('checkbox', { name: '証拠採取' })).toBeChecked();
	// Nothing typed since: leaving does not ask.
	await page.getByRole('link', { name: 'ホーム' }).click();
	await expect(page).toHaveURL('/');
});

test('without JavaScript every field is shown, the table offers blank rows, errors come back', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, ACCOUNTS.hokkaido);
	await page.goto(`/notices/${ids.asking}/respond`);
	const contactItem = item(page, 2);
	await expect(item(page, 1).getByLabel('最初の実施日')).toBeVisible();
	await expect(item(page, 1).getByRole('button', { name: /^行を追加/ })).toHaveCount(0);
	await expect(item(page, 1).getByText('最後の空欄に入力して下書き保存')).toBeVisible();
	await contactItem.getByLabel('担当窓口').fill('');
	await contactItem.getByRole('button', { name: '提出する' }).click();
	// The page comes back at the item (its anchor), the error beside the field.
	await expect(page).toHaveURL(/#item-2$/);
	const desk = item(page, 2).getByLabel('担当窓口');
	await expect(desk).toHaveAttribute('aria-invalid', 'true');
	await expect(desk).toHaveAccessibleDescription('担当窓口を入力してください。');
	await context.close();
});

test('a notice with no items asks for no answer and points to the notice for receipt', async ({
	page
}) => {
	await signIn(page, ACCOUNTS.hokkaido);
	await page.goto(`/notices/${ids.infoOnly}/respond`);
	await expect(page.getByText('この通知は周知のみです。回答は求められていません。')).toBeVisible();
	// Nothing to answer: no form, no 回答様式.
	await expect(page.locator('main form')).toHaveCount(0);
	await expect(page.getByRole('link', { name: /回答様式/ })).toHaveCount(0);
	await expect(page.getByRole('link', { name: '通知を開いて受領を確認する' })).toHaveAttribute(
		'href',
		new RegExp(`/notices/${ids.infoOnly}$`)
	);
	await expectNoSeriousViolations(page);
});
