import { describe, expect, it } from 'vitest';
import { NOTICE_LIMITS, readNoticeForm } from './notice-form.ts';

/** A valid editor form, with changes on top (a value of null removes the field). */
function form(changes: Record<string, string | string[] | null> = {}, correction = false) {
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
	return readNoticeForm(data, { correction });
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
			'itemHeading-0': '記1の見出しを入力してください。',
			issuers: '発出元の課室を1つ以上選んでください。'
		});
		// The phone's message names the row it belongs to, not the whole fieldset.
		expect(read.errors['contactPhone-0']).toContain('電話番号「内線のみ」');
		expect(read.errors.contacts).toBeUndefined();
	});

	it('names the row as posted, blank rows included, so the message sits beside its field', () => {
		const read = form({
			contactOffice: ['', '医政局総務課', ''],
			contactNames: ['', '担当B', '平野'],
			contactExtension: ['', '', ''],
			contactPhone: ['', '平野です', '']
		});
		expect(!read.ok && read.errors).toMatchObject({
			'contactPhone-1': expect.stringContaining('電話番号'),
			'contactOffice-2': '照会先の課室名を入力してください。'
		});
	});

	it('accepts 照会先 phone numbers as officials write them, and keeps them as typed', () => {
		const phones = ['03-5253-1111（代表）', '内線 2345', '03‐5253‐2111（代表）'];
		const read = form({
			contactOffice: ['医政局総務課', '医政局総務課', '男女間暴力対策課'],
			contactNames: ['平野', '小川', '笹'],
			contactExtension: ['', '', ''],
			contactPhone: phones
		});
		expect(read.ok && read.value.contacts.map((c) => c.phone)).toEqual(phones);
	});

	it("reads the numbering style, defaulting to the document type's convention", () => {
		const chosen = form({ itemNumbering: 'parenthesized' });
		expect(chosen.ok && chosen.value.itemNumbering).toBe('parenthesized');
		for (const value of [null, 'roman']) {
			const fallback = form({ itemNumbering: value });
			expect(fallback.ok && fallback.value.itemNumbering).toBe('full_width');
		}
	});

	it('reads addressee lines from one field per line in the order posted', () => {
		const read = form({
			addresseeLines: ['各都道府県衛生主管部（局）　御中', '', '各特別区衛生主管部（局）　御中']
		});
		expect(read.ok && read.value.addresseeLines).toEqual([
			'各都道府県衛生主管部（局）　御中',
			'各特別区衛生主管部（局）　御中'
		]);
	});

	it('refuses more rows, or longer text, than a notice could need', () => {
		const many = Array.from({ length: NOTICE_LIMITS.items + 1 }, (_, i) => `記${i + 1}`);
		const tooMany = form({ itemHeading: many, itemText: many });
		expect(!tooMany.ok && tooMany.errors.items).toBe(`記は${NOTICE_LIMITS.items}件までです。`);
		const longText = form({ itemText: ['あ'.repeat(NOTICE_LIMITS.itemText + 1), ''] });
		expect(!longText.ok && longText.errors['itemText-0']).toContain('文字以内');
		const long = form({ addresseeLines: 'あ'.repeat(NOTICE_LIMITS.addresseeLine + 1) });
		expect(!long.ok && long.errors.addresseeLines).toContain('文字以内');
		const citation = form({ referenceCitation: ['あ'.repeat(NOTICE_LIMITS.citation + 1)] });
		expect(!citation.ok && citation.errors.references).toContain('文字以内');
	});

	it("keeps a correction's reason with the draft, and only for a correction", () => {
		const correction = form({ correctionReason: ' 回答期限を延長します。\r\n' }, true);
		expect(correction.ok && correction.value.correctionReason).toBe('回答期限を延長します。');
		const draft = form({ correctionReason: '無関係' });
		expect(draft.ok && draft.value.correctionReason).toBeNull();
		const long = form({ correctionReason: 'あ'.repeat(1001) }, true);
		expect(!long.ok && long.errors.correctionReason).toContain('1,000文字以内');
	});
});
