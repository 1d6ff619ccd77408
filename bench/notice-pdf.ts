// Size and rendering time of the demo notice's PDF of record (run: npx node bench/notice-pdf.ts).
// Measures, does not assert: the numbers depend on the machine and its load.
import { readFile } from 'node:fs/promises';
import { renderNoticePdf } from '../src/lib/server/notices/pdf/render.ts';

const demo = JSON.parse(
	await readFile(new URL('../prisma/data/demo/notice-2024-10-08.json', import.meta.url), 'utf8')
);
const version = {
	...demo,
	itemNumbering: 'full_width',
	number: 1,
	publishedAt: new Date('2024-10-08T01:00:00Z')
};
const runs: number[] = [];
let size = 0;
for (let i = 0; i < 6; i++) {
	const start = performance.now();
	size = (await renderNoticePdf(version, demo.issuers)).byteLength;
	runs.push(performance.now() - start);
}
const [first, ...rest] = runs;
rest.sort((a, b) => a - b);
console.log(
	`demo notice PDF: ${size.toLocaleString()} bytes; first rendering ${first.toFixed(0)} ms ` +
		`(loads the font), then median ${rest[Math.floor(rest.length / 2)].toFixed(0)} ms`
);
