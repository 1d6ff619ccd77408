import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { readForm, readNestedForm } from './form.ts';

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
	new Request('http://kairan.test/x', { method: 'POST', body, headers });

async function refusal(work: Promise<unknown>) {
	const e = await work.then(
		() => null,
		(x: unknown) => x
	);
	expect(isHttpError(e)).toBe(true);
	return e as { status: number; body: { message: string } };
}

describe('reading a posted form', () => {
	it('reads a form', async () => {
		const form = new FormData();
		form.append('title', '通知');
		expect((await readForm(post(form))).get('title')).toBe('通知');
	});

	it('refuses a NUL in a value or a name with a 400 and a message (PostgreSQL cannot store it)', async () => {
		for (const body of [
			new URLSearchParams({ counterpart: 'a\u0000b' }),
			new URLSearchParams({ 'entries.0\u0000': 'x' })
		]) {
			const e = await refusal(readForm(post(body)));
			expect(e.status).toBe(400);
			expect(e.body.message).toContain('NUL');
		}
		const e = await refusal(readNestedForm(post(new URLSearchParams({ note: '\u0000' }))));
		expect(e.status).toBe(400);
	});

	it('refuses a body that is not a form with a 400', async () => {
		const e = await refusal(readForm(post('x', { 'content-type': 'text/plain' })));
		expect(e.status).toBe(400);
	});
});
