// The demo's answers come from the definition alone: every template of the library and every
// generated definition gets an answer its own rules accept (demoAnswer validates what it returns
// and throws otherwise) — submittable unless a file is required — the same for the same seed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemDefinitionSchema } from '../../domain/forms/index.ts';
import { itemInputArb } from '../../domain/forms/property-arbitraries.ts';
import { TEMPLATES } from '../../domain/forms/templates/index.ts';
import { demoAnswer, needsAFile } from './answers.ts';

const day = '2024-10-25';
const grantLines = [2023, 2024].flatMap((fiscalYear) =>
	['operating', 'training'].map((code) => ({
		fiscalYear,
		code,
		name: `区分 ${code}`,
		subsidyRateNumerator: 1,
		subsidyRateDenominator: 2
	}))
);
/** mulberry32, as the demo draws. */
const seeded = (seed: number) => () => {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe('demoAnswer', () => {
	it('answers every template with values its fields and behaviour accept', () => {
		for (const template of Object.values(TEMPLATES)) {
			const item = template.build({ number: 1 });
			for (let seed = 0; seed < 50; seed++) {
				const answer = demoAnswer(item, seeded(seed), day, { today: day, grantLines });
				expect(answer.complete, template.name).toBe(true);
				expect(Object.keys(answer.data).length, template.name).toBeGreaterThan(0);
			}
		}
	});

	it('fills a behaviour’s fixed rows: a grant report has exactly the year’s lines', () => {
		const item = TEMPLATES.grant_report.build({ number: 4 });
		const answer = demoAnswer(item, seeded(1), day, { today: day, grantLines });
		expect(answer.data.fiscalYear).toBe(2024);
		expect((answer.data.lines as { code: string }[]).map((l) => l.code)).toEqual([
			'operating',
			'training'
		]);
	});

	it('answers any generated definition, the same way for the same seed', () => {
		fc.assert(
			fc.property(
				itemInputArb().map((input) => itemDefinitionSchema.parse(input)),
				fc.integer(),
				(item, seed) => {
					const data = { today: day, grantLines };
					const answer = demoAnswer(item, seeded(seed), day, data);
					expect(demoAnswer(item, seeded(seed), day, data)).toEqual(answer);
					// Only a required file keeps an answer a draft.
					if (!needsAFile(item)) expect(answer.complete).toBe(true);
				}
			),
			{ numRuns: 500 }
		);
	});
});
