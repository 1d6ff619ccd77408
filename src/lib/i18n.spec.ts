// Paraglide compiles messages/{ja,en}.json; offline a misconfigured plugin path compiles to
// no messages at all without failing, so prove a known message renders in both locales.
import { expect, test } from 'vitest';
import { m } from './paraglide/messages.js';
import ja from '../../messages/ja.json';
import en from '../../messages/en.json';

test('messages render in Japanese and English', () => {
	expect(m.login_title({}, { locale: 'ja' })).toBe('サインイン');
	expect(m.login_title({}, { locale: 'en' })).toBe('Sign in');
	expect(m.notice_recipients_count({ count: 204 }, { locale: 'ja' })).toBe('宛先 204 部局');
	expect(m.notice_recipients_count({ count: 204 }, { locale: 'en' })).toBe(
		'204 addressed departments'
	);
});

test('both locales define the same messages', () => {
	expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
});
