import { describe, expect, it } from 'vitest';
import { variables } from './env.ts';

type Standard = {
	'~standard': {
		validate: (v: unknown) => { value?: unknown; issues?: { message: string }[] };
	};
};

/** Runs a variable's check as kit does at start: its value, or the messages it refuses with. */
async function read(name: keyof typeof variables, value: string | undefined) {
	const schema = variables[name].schema as unknown as Standard;
	return await schema['~standard'].validate(value);
}

describe('configuration', () => {
	it('KAIRAN_PUBLIC_URL must be an http(s) URL: every mail links to it', async () => {
		expect(await read('KAIRAN_PUBLIC_URL', 'https://kairan.example.go.jp/')).toMatchObject({
			value: 'https://kairan.example.go.jp'
		});
		expect(await read('KAIRAN_PUBLIC_URL', undefined)).toMatchObject({
			value: 'http://localhost:3000'
		});
		for (const bad of ['kairan.example.go.jp', 'ftp://kairan.example.go.jp']) {
			const result = await read('KAIRAN_PUBLIC_URL', bad);
			expect(result.issues?.[0]?.message).toMatch(/http\(s\) URL/);
		}
	});
});
