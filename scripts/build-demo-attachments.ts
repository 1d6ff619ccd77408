/**
 * Renders the demo notice's four attachments (別添１–４) from HTML to PDF.
 *
 * Dev-time only: nothing at build, run or test time calls this script. The generated PDFs in
 * prisma/data/demo/attachments/ are committed, so the app and the tests never need Chromium.
 *
 * Sources: prisma/data/demo/attachments-src/attachment-N.html (hand transcriptions of the
 * attachments of the public 事務連絡 of 令和6年10月8日, 厚生労働省医政局総務課 and
 * 内閣府男女共同参画局男女間暴力対策課; see prisma/data/demo/README.md).
 * Output:  prisma/data/demo/attachments/attachment-N.pdf
 *
 * Rerun after editing an HTML source:
 *
 *   cd /work/main && npx node scripts/build-demo-attachments.ts
 *
 * Needs headless Chromium (CHROMIUM env var, default /usr/bin/chromium) and the Noto CJK fonts
 * (`fc-list | grep -i "Noto.*CJK"`; on Debian/Ubuntu `apt-get install -y fonts-noto-cjk`).
 *
 * About the addressee lines in prisma/data/demo/notice-2024-10-08.json: the original 御中 block
 * is laid out as a brace — 「各」 in front of the stacked 都道府県 / 保健所設置市 / 特別区, then
 * 衛生主管部（局）, and a second line for 各都道府県性犯罪・性暴力被害者のためのワンストップ支援センター
 * 所管部（局）, with a single 御中 set against both. Flattened to one line per addressee, the
 * stacked names are joined with 「・」 after the shared 「各」 (the way such a block is usually
 * cited on one line, e.g. 「各都道府県・保健所設置市・特別区衛生主管部（局）御中」), and 御中 is
 * repeated on each line because it applies to both addressees. A full-width space separates
 * 御中 from the addressee, as on the printed page.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'prisma/data/demo/attachments-src');
const outDir = join(root, 'prisma/data/demo/attachments');
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const count = 4;

mkdirSync(outDir, { recursive: true });

for (let n = 1; n <= count; n++) {
	const html = join(srcDir, `attachment-${n}.html`);
	const pdf = join(outDir, `attachment-${n}.pdf`);
	const profile = mkdtempSync(join(tmpdir(), 'kairan-chromium-'));
	try {
		rmSync(pdf, { force: true });
		execFileSync(
			chromium,
			[
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				`--user-data-dir=${profile}`,
				'--no-pdf-header-footer',
				`--print-to-pdf=${pdf}`,
				pathToFileURL(html).href
			],
			{ stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 }
		);
	} finally {
		rmSync(profile, { recursive: true, force: true });
	}
	const head = readFileSync(pdf).subarray(0, 5).toString('latin1');
	if (head !== '%PDF-') throw new Error(`${pdf} is not a PDF`);
	const kb = Math.round(statSync(pdf).size / 1024);
	console.log(`attachment-${n}.pdf  ${kb} KB`);
}
