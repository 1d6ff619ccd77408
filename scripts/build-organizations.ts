/**
 * Dev-time generator for prisma/data/organizations.csv: the 47 prefectures and all 1,741
 * municipalities. The 157 bodies that run a 保健所 and so are the addressees of a national health
 * notice (47 prefectures, 20 designated cities, 62 core cities, 5 other health-center cities,
 * 23 special wards) carry their own kind; every other municipality is a city, town or village.
 * Wards of designated cities (行政区) are not bodies of their own and are left out.
 *
 *   npx node scripts/build-organizations.ts [path-to-shared-reference-dir]
 *
 * (default ../shared/reference relative to the current directory).
 *
 * Source: the open dataset "localgovjp" by Code for Fukui (CC0 1.0 public domain dedication),
 * July 2026 revision — localgovjp-utf8.csv (municipalities) and prefjp-utf8.csv (prefectures),
 * itself compiled from GSI and J-LIS data. Codes, names and readings come from there; which cities
 * are designated/core/other health-center cities is not in it, so those lists are data below.
 *
 * The project never reads ../shared at run or test time: only this script does, and its output
 * (prisma/data/organizations.csv) is committed and is what the app and the tests read.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
	isValidLocalGovernmentCode,
	isHiraganaReading,
	prefectureCodeOf,
	BODY_KINDS
} from '../src/lib/domain/local-government-code.ts';
import type { BodyKind } from '../src/lib/domain/local-government-code.ts';

/*
 * Cities with their own 保健所, as of 2024-04-01 per MHLW's list of 保健所設置市 (the health notice
 * these bodies are the addressees of is dated 2024-10-08, so later promotions must not leak in).
 * Always keyed by prefecture: several city names exist in more than one prefecture (府中市, 伊達市).
 */

/** 政令指定都市 (20). */
const DESIGNATED_CITIES: Record<string, string[]> = {
	北海道: ['札幌市'],
	宮城県: ['仙台市'],
	埼玉県: ['さいたま市'],
	千葉県: ['千葉市'],
	神奈川県: ['横浜市', '川崎市', '相模原市'],
	新潟県: ['新潟市'],
	静岡県: ['静岡市', '浜松市'],
	愛知県: ['名古屋市'],
	京都府: ['京都市'],
	大阪府: ['大阪市', '堺市'],
	兵庫県: ['神戸市'],
	岡山県: ['岡山市'],
	広島県: ['広島市'],
	福岡県: ['北九州市', '福岡市'],
	熊本県: ['熊本市']
};

/** 中核市 (62). */
const CORE_CITIES: Record<string, string[]> = {
	北海道: ['函館市', '旭川市'],
	青森県: ['青森市', '八戸市'],
	岩手県: ['盛岡市'],
	秋田県: ['秋田市'],
	山形県: ['山形市'],
	福島県: ['福島市', '郡山市', 'いわき市'],
	茨城県: ['水戸市'],
	栃木県: ['宇都宮市'],
	群馬県: ['前橋市', '高崎市'],
	埼玉県: ['川越市', '川口市', '越谷市'],
	千葉県: ['船橋市', '柏市'],
	東京都: ['八王子市'],
	神奈川県: ['横須賀市'],
	富山県: ['富山市'],
	石川県: ['金沢市'],
	福井県: ['福井市'],
	山梨県: ['甲府市'],
	長野県: ['長野市', '松本市'],
	岐阜県: ['岐阜市'],
	愛知県: ['豊橋市', '岡崎市', '一宮市', '豊田市'],
	滋賀県: ['大津市'],
	大阪府: ['豊中市', '吹田市', '高槻市', '枚方市', '八尾市', '寝屋川市', '東大阪市'],
	兵庫県: ['姫路市', '尼崎市', '明石市', '西宮市'],
	奈良県: ['奈良市'],
	和歌山県: ['和歌山市'],
	鳥取県: ['鳥取市'],
	島根県: ['松江市'],
	岡山県: ['倉敷市'],
	広島県: ['呉市', '福山市'],
	山口県: ['下関市'],
	香川県: ['高松市'],
	愛媛県: ['松山市'],
	高知県: ['高知市'],
	福岡県: ['久留米市'],
	長崎県: ['長崎市', '佐世保市'],
	大分県: ['大分市'],
	宮崎県: ['宮崎市'],
	鹿児島県: ['鹿児島市'],
	沖縄県: ['那覇市']
};

/** Other cities designated by 地域保健法施行令 第1条 to run a 保健所 (5). */
const OTHER_HEALTH_CENTER_CITIES: Record<string, string[]> = {
	北海道: ['小樽市'],
	東京都: ['町田市'],
	神奈川県: ['藤沢市', '茅ヶ崎市'],
	三重県: ['四日市市']
};

const EXPECTED_COUNTS: Record<BodyKind, number> = {
	prefecture: 47,
	designated_city: 20,
	core_city: 62,
	other_health_center_city: 5,
	special_ward: 23,
	// 1,741 municipalities in all (総務省, 2026): 792 市 (of them 87 listed above), 743 町, 183 村, 23 特別区.
	city: 705,
	town: 743,
	village: 183
};

type OutputRow = {
	code: string;
	kind: BodyKind;
	prefectureCode: string;
	name: string;
	nameKana: string;
};

type Municipality = {
	pid: string;
	pref: string;
	city: string;
	citykana: string;
	lgcode: string;
};

type Prefecture = {
	pid: string;
	pref: string;
	prefkana: string;
	lgcode: string;
};

function fail(message: string): never {
	throw new Error(`build-organizations: ${message}`);
}

function readCsv<T>(path: string): T[] {
	// bom: both source files start with a UTF-8 BOM, which would otherwise stick to the first header.
	return parse<T>(readFileSync(path, 'utf8'), {
		columns: true,
		bom: true,
		skip_empty_lines: true
	});
}

/**
 * Small ヶ and large ケ are used interchangeably for the same place (茅ヶ崎市 is officially ヶ, but
 * some registers print 茅ケ崎市), so lookups compare names with the two folded together.
 */
function foldKe(name: string): string {
	return name.replace(/[ヶケ]/g, 'ケ');
}

/** RFC 4180: quote only when a field holds a comma, a double quote, CR or LF. */
function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function main(): void {
	const referenceDir = resolve(process.cwd(), process.argv[2] ?? '../shared/reference');
	const outPath = resolve(process.cwd(), 'prisma/data/organizations.csv');

	const prefectures = readCsv<Prefecture>(resolve(referenceDir, 'prefjp-utf8.csv'));
	const municipalities = readCsv<Municipality>(resolve(referenceDir, 'localgovjp-utf8.csv'));

	const rows: OutputRow[] = [];
	const prefectureCodeByName = new Map<string, string>();

	for (const p of prefectures) {
		if (!/^\d{1,2}$/.test(p.pid)) fail(`prefecture ${p.pref}: bad pid ${JSON.stringify(p.pid)}`);
		if (!/^\d{5,6}$/.test(p.lgcode)) {
			fail(`prefecture ${p.pref}: bad lgcode ${JSON.stringify(p.lgcode)}`);
		}
		// prefjp drops the leading zero (10006 is 北海道's 010006).
		const code = p.lgcode.padStart(6, '0');
		const prefectureCode = p.pid.padStart(2, '0');
		if (prefectureCodeByName.has(p.pref)) fail(`prefecture ${p.pref} listed twice`);
		prefectureCodeByName.set(p.pref, prefectureCode);
		rows.push({
			code,
			kind: 'prefecture',
			prefectureCode,
			name: p.pref,
			nameKana: p.prefkana
		});
	}

	// Designated-city wards (行政区) are rows like "札幌市 中央区"; they are not addressees.
	const cities = municipalities.filter((m) => !m.city.includes(' ') && !m.city.includes('\u3000'));
	const byPrefectureAndName = new Map<string, Municipality[]>();
	for (const m of cities) {
		const key = `${m.pref}\t${foldKe(m.city)}`;
		const list = byPrefectureAndName.get(key) ?? [];
		list.push(m);
		byPrefectureAndName.set(key, list);
	}

	const notes: string[] = [];
	const missing: string[] = [];

	function addListed(kind: BodyKind, list: Record<string, string[]>): void {
		for (const [pref, names] of Object.entries(list)) {
			const prefectureCode = prefectureCodeByName.get(pref);
			if (prefectureCode === undefined) {
				missing.push(`${kind}: prefecture ${pref} not in prefjp`);
				continue;
			}
			for (const name of names) {
				const found = byPrefectureAndName.get(`${pref}\t${foldKe(name)}`) ?? [];
				if (found.length !== 1) {
					missing.push(`${kind}: ${pref} ${name} (${found.length} matches in localgovjp)`);
					continue;
				}
				const m = found[0];
				if (m.city !== name) notes.push(`${pref} ${name}: source spells it ${m.city}`);
				rows.push({
					code: m.lgcode,
					kind,
					prefectureCode,
					// The listed spelling is the official one (茅ヶ崎市), whatever the source prints.
					name,
					nameKana: m.citykana
				});
			}
		}
	}

	addListed('designated_city', DESIGNATED_CITIES);
	addListed('core_city', CORE_CITIES);
	addListed('other_health_center_city', OTHER_HEALTH_CENTER_CITIES);

	const tokyoCode = prefectureCodeByName.get('東京都') ?? fail('東京都 not in prefjp');
	for (const m of cities) {
		if (m.pref === '東京都' && m.city.endsWith('区')) {
			rows.push({
				code: m.lgcode,
				kind: 'special_ward',
				prefectureCode: tokyoCode,
				name: m.city,
				nameKana: m.citykana
			});
		}
	}

	if (missing.length > 0) fail(`not found:\n  ${missing.join('\n  ')}`);

	// Every other municipality, by the last character of its official name (市・町・村). They run no
	// 保健所, so no health notice goes to them directly; prefectures forward notices to them.
	const listedCodes = new Set(rows.map((r) => r.code));
	for (const m of cities) {
		if (listedCodes.has(m.lgcode)) continue;
		const prefectureCode = prefectureCodeByName.get(m.pref) ?? fail(`${m.pref} not in prefjp`);
		const kind: BodyKind = m.city.endsWith('市')
			? 'city'
			: m.city.endsWith('町')
				? 'town'
				: m.city.endsWith('村')
					? 'village'
					: fail(`${m.pref} ${m.city}: neither 市, 町, 村 nor 特別区`);
		rows.push({ code: m.lgcode, kind, prefectureCode, name: m.city, nameKana: m.citykana });
	}

	// Validate everything before writing, so a bad source never yields a half-plausible file.
	const problems: string[] = [];
	const seenCodes = new Set<string>();
	for (const r of rows) {
		const label = `${r.name} (${r.code})`;
		if (!isValidLocalGovernmentCode(r.code)) problems.push(`${label}: invalid code/check digit`);
		else if (prefectureCodeOf(r.code) !== r.prefectureCode) {
			problems.push(`${label}: code is not in prefecture ${r.prefectureCode}`);
		}
		const pc = Number(r.prefectureCode);
		if (!/^\d{2}$/.test(r.prefectureCode) || pc < 1 || pc > 47) {
			problems.push(`${label}: bad prefecture code ${r.prefectureCode}`);
		}
		if (seenCodes.has(r.code)) problems.push(`${label}: duplicate code`);
		seenCodes.add(r.code);
		if (r.name === '') problems.push(`${r.code}: empty name`);
		if (!isHiraganaReading(r.nameKana)) {
			problems.push(`${label}: reading ${JSON.stringify(r.nameKana)} is not hiragana`);
		}
	}
	for (const kind of BODY_KINDS) {
		const n = rows.filter((r) => r.kind === kind).length;
		if (n !== EXPECTED_COUNTS[kind]) {
			problems.push(`${kind}: ${n} rows, expected ${EXPECTED_COUNTS[kind]}`);
		}
	}
	if (problems.length > 0) fail(`invalid output:\n  ${problems.join('\n  ')}`);

	rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	const lines = ['code,kind,prefecture_code,name,name_kana'];
	for (const r of rows) {
		lines.push([r.code, r.kind, r.prefectureCode, r.name, r.nameKana].map(csvField).join(','));
	}
	mkdirSync(dirname(outPath), { recursive: true });
	writeFileSync(outPath, lines.join('\n') + '\n', 'utf8');

	for (const note of notes) console.log(`note: ${note}`);
	const summary = BODY_KINDS.map((k) => `${k} ${EXPECTED_COUNTS[k]}`).join(', ');
	console.log(`wrote ${rows.length} rows to ${outPath} (${summary})`);
}

main();
