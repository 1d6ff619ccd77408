import { describe, expect, it } from 'vitest';
import { NOTICE_LIMITS, readNoticeForm } from './notice-form.ts';

/** A valid editor form, with changes on top (a value of null removes the field). */
function form(changes: Record<string, string | string[] | null> = {}) {
	const fields: Record<string, string | string[]> = {
		noticeType: 'administrative_liaison',
		title: 'ワンストップ支援センターの周知について',
		documentNumber: '',
		issuedOn: '令和6年10月8日',
		deadline: 'R6.11.8',
		addresseeLines: '各都道府県衛生主管部（局）　御中\r\n\r\n',
		preamble: '標記について。',
		itemHeading: ['リーフレットの配布', ''],
		itemText: ['配布してください。', ''],
		contactOffice: ['医政局総務課', '医政局総務課', ''],
		contactNames: ['担当A', '担当B', ''],
		contactExtension: ['', '', ''],
		contactPhone: ['03-5253-1111', '', ''],
		referenceCitation: ['令和6年4月1日付け通知', ''],
		referenceNoticeId: ['../../admin', ''],
		bodyKinds: 'prefecture',
		functions: 'health',
		issuers: 'dept00000000000000000001'
	};
	const data = new FormData();
	for (const [name, value] of Object.entries({ ...fields, ...changes })) {
		if (value === null) continue;
		for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	}
	return readNoticeForm(data);
}

describe('readNoticeForm', () => {
	it('reads 和暦 dates, drops blank rows, keeps two contacts of one office', () => {
		const read = form();
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		expect(read.value).toMatchObject({
			issuedOn: '2024-10-08',
			deadline: '2024-11-08',
			addresseeLines: ['各都道府県衛生主管部（局）　御中'],
			items: [{ number: 1, heading: 'リーフレットの配布', text: '配布してください。' }]
		});
		expect(read.value.contacts.map((c) => c.names)).toEqual(['担当A', '担当B']);
	});

	it('a reference link that is not a notice id is dropped, the citation kept', () => {
		const read = form();
		expect(read.ok && read.value.references).toEqual([
			{ citation: '令和6年4月1日付け通知', noticeId: undefined }
		]);
	});

	it('names every problem beside its field', () => {
		const read = form({
			title: '',
			deadline: '令和6年10月1日',
			itemHeading: ['', ''],
			contactPhone: ['内線のみ', '', ''],
			issuers: null
		});
		expect(read.ok).toBe(false);
		if (read.ok) return;
		expect(read.errors).toMatchObject({
			title: '件名を入力してください。',
			deadline: '回答期限は発出日より後の日付にしてください。',
			items: '記1の見出しを入力してください。',
			issuers: '発出元の課室を1つ以上選んでください。'
		});
		expect(read.errors.contacts).toContain('電話番号');
	});

	it('refuses more rows, or longer text, than a notice could need', () => {
		const many = Array.from({ length: NOTICE_LIMITS.items + 1 }, (_, i) => `記${i + 1}`);
		const tooMany = form({ itemHeading: many, itemText: many });
		expect(!tooMany.ok && tooMany.errors.items).toBe(
			`記の見出しは${NOTICE_LIMITS.items}件までです。`
		);
		const long = form({ addresseeLines: 'あ'.repeat(NOTICE_LIMITS.addresseeLine + 1) });
		expect(!long.ok && long.errors.addresseeLines).toContain('文字以内');
		const citation = form({ referenceCitation: ['あ'.repeat(NOTICE_LIMITS.citation + 1)] });
		expect(!citation.ok && citation.errors.references).toContain('文字以内');
	});
});
