import { describe, expect, test } from 'vitest';
import {
	chooseReplyTo,
	composeNoticeMail,
	formatFileSize,
	type NoticeMailInput
} from './compose.ts';

const base: NoticeMailInput = {
	kind: 'publication',
	noticeUrl: 'https://kairan.example.jp/notices/cm1abc',
	noticeType: 'administrative_liaison',
	title: 'ワンストップ支援センターの周知について',
	documentNumber: null,
	issuedOn: '2024-10-08',
	versionNumber: 1,
	deadline: null,
	issuers: ['厚生労働省 医政局総務課'],
	department: '世田谷区 衛生主管部（局）',
	attachments: [],
	contacts: [],
	replyTo: null,
	today: '2024-10-08'
};

const CONTACTS: NoticeMailInput['contacts'] = [
	{
		office: '厚生労働省医政局総務課',
		names: '平野、小川',
		extension: '2515、4456',
		phone: '03-5253-1111（代表）'
	},
	{ office: '内閣府男女共同参画局男女間暴力対策課', names: '', extension: '', phone: '' }
];

/** The footer: the text after the last '――' line. */
const footerOf = (text: string) => text.slice(text.lastIndexOf('――'));

describe('composeNoticeMail', () => {
	test('publication: subject, addressee, issuer, dates in 和暦 and Gregorian, link', () => {
		const m = composeNoticeMail({
			...base,
			documentNumber: '医政総発1008第1号',
			deadline: '2024-10-25',
			issuers: ['厚生労働省 医政局総務課', 'こども家庭庁 成育局母子保健課']
		});
		expect(m.subject).toBe('【Kairan】事務連絡「ワンストップ支援センターの周知について」の送付');
		const lines = m.text.split('\n');
		expect(lines[0]).toBe('世田谷区 衛生主管部（局）　御中');
		expect(m.text).toContain('表題：ワンストップ支援センターの周知について');
		expect(m.text).toContain('文書番号：医政総発1008第1号');
		expect(m.text).toContain('発出元：厚生労働省 医政局総務課\n');
		expect(m.text).toContain('こども家庭庁 成育局母子保健課');
		expect(m.text).toContain('発出日：令和6年10月8日（2024年10月8日）');
		expect(m.text).toContain('期限：令和6年10月25日（2024年10月25日）');
		expect(lines).toContain('https://kairan.example.jp/notices/cm1abc');
		expect(m.text).toContain('自動送信');
		expect(m.html).toContain('<a href="https://kairan.example.jp/notices/cm1abc">');
		expect(m.html).toContain('令和6年10月25日（2024年10月25日）');
		expect(m.html).toContain('世田谷区 衛生主管部（局）　御中');
		expect(m.html).not.toMatch(/<img|src=/i);
	});

	test('no deadline, no document number: those lines are left out', () => {
		const m = composeNoticeMail(base);
		expect(m.text).not.toContain('期限');
		expect(m.text).not.toContain('文書番号');
		expect(m.text).not.toContain('添付資料');
	});

	test('notice type label follows the notice', () => {
		expect(composeNoticeMail({ ...base, noticeType: 'notification' }).subject).toBe(
			'【Kairan】通知「ワンストップ支援センターの周知について」の送付'
		);
		expect(composeNoticeMail({ ...base, noticeType: 'request' }).subject).toContain('依頼「');
	});

	test('attachments are listed with label, title and size, and come from the link', () => {
		const m = composeNoticeMail({
			...base,
			attachments: [
				{ label: '別添1', title: 'リーフレット', size: 1_300_000 },
				{ label: '別添2', title: '報告様式', size: 350 * 1024 }
			]
		});
		expect(m.text).toContain('添付資料（2件）');
		expect(m.text).toContain('別添1　リーフレット（1.2 MB）');
		expect(m.text).toContain('別添2　報告様式（350 KB）');
		expect(m.text).toContain('このメールには添付していません');
		expect(m.text).toContain('リンクからダウンロード');
		expect(m.html).toContain('<li>別添1　リーフレット（1.2 MB）</li>');
	});

	test('correction: 訂正 subject with the version, and the reason', () => {
		const m = composeNoticeMail({
			...base,
			kind: 'correction',
			versionNumber: 2,
			correctionReason: '別添2の誤記を訂正'
		});
		expect(m.subject).toBe(
			'【Kairan】【訂正】事務連絡「ワンストップ支援センターの周知について」（第2版）の送付'
		);
		expect(m.text).toContain('訂正理由：別添2の誤記を訂正');
		expect(m.text).toContain('第2版');
		expect(m.html).toContain('別添2の誤記を訂正');
	});

	test('reminder before the deadline: names what is missing and asks for it by the deadline', () => {
		const m = composeNoticeMail({
			...base,
			kind: 'reminder',
			deadline: '2019-05-31',
			today: '2019-05-30',
			missingItems: [
				{ number: 2, title: '協力医療機関の情報', deadline: '2019-05-31' },
				{ number: 4, title: '交付金の活用', deadline: '2019-06-28' }
			]
		});
		expect(m.subject).toBe(
			'【Kairan】【督促】事務連絡「ワンストップ支援センターの周知について」のご確認について（期限：令和元年5月31日）'
		);
		expect(m.text).toContain(
			'期限（令和元年5月31日（2019年5月31日））までに下記の回答項目のご回答を'
		);
		expect(m.text).toContain('未提出：記2　協力医療機関の情報\n');
		// An item with its own, later deadline says so.
		expect(m.text).toContain('記4　交付金の活用（期限：令和元年6月28日）');
		expect(m.text).not.toContain('過ぎて');
		expect(m.html).toContain('記2　協力医療機関の情報<br>記4　交付金の活用');
	});

	test('reminder on the deadline day is still in time', () => {
		const m = composeNoticeMail({
			...base,
			kind: 'reminder',
			deadline: '2019-05-31',
			today: '2019-05-31',
			missingItems: [{ number: 1, title: '周知', deadline: '2019-05-31' }]
		});
		expect(m.text).toContain('までに');
		expect(m.subject).toContain('（期限：令和元年5月31日）');
	});

	test('reminder after the deadline says it is overdue, never "by" a past date', () => {
		const m = composeNoticeMail({
			...base,
			kind: 'reminder',
			deadline: '2024-10-25',
			today: '2024-10-28',
			missingItems: [
				{ number: 1, title: '周知', deadline: '2024-10-25' },
				{ number: 3, title: '連携', deadline: '2024-11-29' }
			]
		});
		expect(m.subject).toContain('（期限超過：令和6年10月25日）');
		expect(m.text).toContain(
			'次の事務連絡の期限（令和6年10月25日（2024年10月25日））を過ぎていますが、下記の回答項目がまだ提出されていません。'
		);
		expect(m.text).toContain('期限：令和6年10月25日（2024年10月25日）　期限を過ぎています');
		expect(m.text).not.toContain('までに');
		expect(m.text).toContain('記3　連携（期限：令和6年11月29日）');
		expect(m.html).toContain('期限を過ぎています');
	});

	test('the deadline that applies is the nearest of the missing items, not the notice’s', () => {
		// The notice's deadline has passed, but the one item still missing has its own, later one.
		const m = composeNoticeMail({
			...base,
			kind: 'reminder',
			deadline: '2024-10-25',
			today: '2024-10-28',
			missingItems: [{ number: 4, title: '交付金の活用', deadline: '2024-11-29' }]
		});
		expect(m.subject).toContain('（期限：令和6年11月29日）');
		expect(m.text).toContain('期限（令和6年11月29日（2024年11月29日））までに');
		expect(m.text).not.toContain('過ぎて');
	});

	test('reminder without a deadline asks for the missing items', () => {
		const m = composeNoticeMail({
			...base,
			kind: 'reminder',
			missingItems: [{ number: 1, title: '周知', deadline: null }]
		});
		expect(m.subject).not.toContain('期限');
		expect(m.text).toContain('下記の回答項目のご回答をお願いします。');
		expect(m.text).toContain('未提出：記1　周知');
	});

	test('withdrawal: 取消 subject and reason; attachments are no longer offered', () => {
		const m = composeNoticeMail({
			...base,
			kind: 'withdrawal',
			withdrawalReason: '誤って発出したため',
			attachments: [{ label: '別添1', title: 'リーフレット', size: 2048 }]
		});
		expect(m.subject).toBe(
			'【Kairan】【取消】事務連絡「ワンストップ支援センターの周知について」の取消'
		);
		expect(m.text).toContain('取消理由：誤って発出したため');
		expect(m.text).not.toContain('リーフレット');
		expect(m.text).toContain('取り消されました');
	});

	test('every interpolated value is HTML-escaped', () => {
		const m = composeNoticeMail({
			...base,
			title: '<script>alert("x")</script> & 周知',
			department: 'A&B <課>',
			issuers: ['<b>省</b>'],
			noticeUrl: 'https://kairan.example.jp/notices/a?x=1&y="2"',
			correctionReason: '<img src=x onerror=alert(1)>',
			kind: 'correction',
			attachments: [{ label: '別添1', title: '<i>資料</i>', size: 10 }]
		});
		expect(m.html).not.toContain('<script>');
		expect(m.html).not.toContain('<img');
		expect(m.html).not.toContain('<b>');
		expect(m.html).not.toContain('<i>');
		expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 周知');
		expect(m.html).toContain('A&amp;B &lt;課&gt;　御中');
		expect(m.html).toContain('href="https://kairan.example.jp/notices/a?x=1&amp;y=&quot;2&quot;"');
		// The text part is not HTML: it keeps the title as written.
		expect(m.text).toContain('<script>alert("x")</script> & 周知');
	});

	test('names the 照会先 of the notice as who to contact', () => {
		const m = composeNoticeMail({ ...base, contacts: CONTACTS });
		expect(m.text).toContain(
			[
				'本件の照会先',
				'　厚生労働省医政局総務課',
				'　　担当：平野、小川　内線：2515、4456',
				'　　電話：03-5253-1111（代表）',
				'　内閣府男女共同参画局男女間暴力対策課',
				''
			].join('\n')
		);
		expect(m.html).toContain(
			'<li>厚生労働省医政局総務課<br>担当：平野、小川　内線：2515、4456<br>電話：03-5253-1111（代表）</li>'
		);
		// Contacts come before the footer, which points to them.
		expect(m.text.indexOf('本件の照会先')).toBeLessThan(m.text.lastIndexOf('――'));
	});

	test('footer: a reply reaches the issuing office whose address is the Reply-To', () => {
		const replyTo = chooseReplyTo([
			{ name: '厚生労働省 医政局総務課', emails: ['isei@mhlw.example.jp'] }
		]);
		const m = composeNoticeMail({ ...base, contacts: CONTACTS, replyTo });
		const footer = footerOf(m.text);
		expect(footer).toContain(
			'このメールに返信すると、発出元の厚生労働省 医政局総務課（isei@mhlw.example.jp）に届きます。'
		);
		expect(footer).not.toContain('届きません');
		expect(m.html).toContain('（isei@mhlw.example.jp）に届きます。');
	});

	test('footer: the operator’s address is said to be the operator’s, and contacts are named', () => {
		const replyTo = chooseReplyTo([], 'Kairan 運用窓口 <help@kairan.example.jp>');
		const footer = footerOf(composeNoticeMail({ ...base, contacts: CONTACTS, replyTo }).text);
		expect(footer).toContain(
			'このメールに返信すると、Kairan の運用窓口（Kairan 運用窓口 <help@kairan.example.jp>）に届きます（発出元には届きません）。'
		);
		expect(footer).toContain('本件のお問い合わせは、上記の照会先にお願いします。');
	});

	test('footer: without a Reply-To it never promises one', () => {
		const footer = footerOf(composeNoticeMail({ ...base, contacts: CONTACTS }).text);
		expect(footer).not.toMatch(/Reply-To|返信先|返信すると/);
		expect(footer).toContain('このメールに返信しても、発出元には届きません。');
		expect(footer).toContain('上記の照会先');
		// No 照会先 on the notice: the footer does not point to a section that is not there.
		const bare = footerOf(composeNoticeMail(base).text);
		expect(bare).not.toContain('照会先');
		expect(bare).toContain('発出元にお願いします');
	});

	test('a title with line breaks cannot break the subject line', () => {
		const m = composeNoticeMail({ ...base, title: '周知\r\nBcc: x@example.com' });
		expect(m.subject).not.toMatch(/[\r\n]/);
		expect(m.subject).toContain('周知 Bcc: x@example.com');
	});

	test('refuses a link that is not an absolute http(s) URL', () => {
		expect(() => composeNoticeMail({ ...base, noticeUrl: 'javascript:alert(1)' })).toThrow(
			/absolute/
		);
		expect(() => composeNoticeMail({ ...base, noticeUrl: '/notices/x' })).toThrow(/absolute/);
	});
});

describe('chooseReplyTo', () => {
	test('the first issuing office in signing order with an address, all of its addresses', () => {
		expect(
			chooseReplyTo(
				[
					{ name: '厚生労働省 医政局総務課', emails: [] },
					{ name: '内閣府 男女間暴力対策課', emails: ['a@cao.example.jp', ' b@cao.example.jp '] },
					{ name: 'こども家庭庁', emails: ['c@cfa.example.jp'] }
				],
				'help@kairan.example.jp'
			)
		).toEqual({
			header: 'a@cao.example.jp, b@cao.example.jp',
			owner: 'issuer',
			office: '内閣府 男女間暴力対策課'
		});
	});

	test('the operator’s MAIL_REPLY_TO only when no office has an address; else none', () => {
		const offices = [{ name: '厚生労働省 医政局総務課', emails: [''] }];
		expect(chooseReplyTo(offices, 'help@kairan.example.jp')).toEqual({
			header: 'help@kairan.example.jp',
			owner: 'operator'
		});
		expect(chooseReplyTo(offices, '')).toBeNull();
		expect(chooseReplyTo(offices)).toBeNull();
	});
});

test('formatFileSize', () => {
	expect(formatFileSize(0)).toBe('1 KB');
	expect(formatFileSize(350 * 1024)).toBe('350 KB');
	expect(formatFileSize(1024 * 1024)).toBe('1.0 MB');
	expect(formatFileSize(25 * 1024 * 1024 + 1)).toBe('25.0 MB');
});
