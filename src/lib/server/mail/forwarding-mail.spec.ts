// The mail a municipal department receives when a prefecture forwards a notice to it (issue 13).
import { describe, expect, test } from 'vitest';
import { composeNoticeMail, type NoticeMailInput } from './compose.ts';

const base: NoticeMailInput = {
	kind: 'forwarding',
	noticeUrl: 'https://kairan.example.jp/notices/cm1abc',
	noticeType: 'administrative_liaison',
	title: 'ワンストップ支援センターの周知について',
	documentNumber: '医政総発1201第1号',
	issuedOn: '2026-12-01',
	versionNumber: 1,
	deadline: null,
	issuers: ['厚生労働省 医政局総務課'],
	department: '鎌倉市 衛生主管部（局）',
	attachments: [],
	contacts: [],
	replyTo: null,
	today: '2026-12-03',
	forwarding: {
		by: '神奈川県 衛生主管部（局）',
		documentNumber: '神健第123号',
		issuedOn: '2026-12-03',
		coverNote: '標記について、別添のとおり通知がありました。\n管内への周知をお願いします。'
	}
};

describe('a forwarding mail', () => {
	test('says who forwarded it, with the cover note number and date, and links the notice', () => {
		const m = composeNoticeMail(base);
		expect(m.subject).toBe(
			'【Kairan】【転送】事務連絡「ワンストップ支援センターの周知について」の送付（神奈川県 衛生主管部（局）から、神健第123号 令和8年12月3日付け）'
		);
		expect(m.subject).not.toMatch(/[\r\n]/);
		expect(m.text).toContain('神奈川県 衛生主管部（局）から転送されました');
		expect(m.text).toContain('転送元：神奈川県 衛生主管部（局）');
		expect(m.text).toContain('転送文書番号：神健第123号');
		expect(m.text).toContain('転送日：令和8年12月3日');
		expect(m.text).toContain('管内への周知をお願いします。');
		expect(m.text).toContain('https://kairan.example.jp/notices/cm1abc');
		expect(m.text).not.toContain('アカウントを作成');
		expect(m.html).toContain('神健第123号');
	});

	test('without number or date the subject names only the department', () => {
		const m = composeNoticeMail({
			...base,
			forwarding: { ...base.forwarding!, documentNumber: null, issuedOn: null, coverNote: '' }
		});
		expect(m.subject).toMatch(/の送付（神奈川県 衛生主管部（局）から）$/);
		expect(m.text).not.toContain('転送文書番号');
		expect(m.text).not.toContain('送付文：');
	});

	test('a department without an account gets the link to create one, escaped in HTML', () => {
		const link = 'https://kairan.example.jp/invitation/abc.def';
		const m = composeNoticeMail({
			...base,
			forwarding: { ...base.forwarding!, invitationLink: link }
		});
		expect(m.text).toContain('アカウントを作成してください');
		expect(m.text).toContain(link);
		expect(m.html).toContain(`<a href="${link}">`);
	});

	test('a cover note with markup is text in the HTML part', () => {
		const m = composeNoticeMail({
			...base,
			forwarding: { ...base.forwarding!, coverNote: '<script>alert(1)</script>' }
		});
		expect(m.html).not.toContain('<script>');
		expect(m.html).toContain('&lt;script&gt;');
	});
});
