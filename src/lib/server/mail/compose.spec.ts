import { describe, expect, test } from 'vitest';
import { composeNoticeMail, formatFileSize, type NoticeMailInput } from './compose.ts';

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
	attachments: []
};

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
		expect(m.text).toContain('Reply-To');
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

	test('reminder: 督促 subject with the deadline', () => {
		const m = composeNoticeMail({ ...base, kind: 'reminder', deadline: '2019-05-31' });
		expect(m.subject).toBe(
			'【Kairan】【督促】事務連絡「ワンストップ支援センターの周知について」のご確認について（期限：令和元年5月31日）'
		);
		expect(m.text).toContain('期限（令和元年5月31日（2019年5月31日））までに');
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

test('formatFileSize', () => {
	expect(formatFileSize(0)).toBe('1 KB');
	expect(formatFileSize(350 * 1024)).toBe('350 KB');
	expect(formatFileSize(1024 * 1024)).toBe('1.0 MB');
	expect(formatFileSize(25 * 1024 * 1024 + 1)).toBe('25.0 MB');
});
