// The ministry's second layer as the progress page renders it (server-rendered through
// svelte/server, as before its scripts run): the summary line a prefecture reads out
// (「神奈川県: 27 市町村へ転送、1 回答済み」), a row per prefecture addressed with the date in 和暦,
// and the second-layer tile map naming each tile's forwarded counts.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import SecondLayer from './SecondLayer.svelte';
import PrefectureTileMap from './PrefectureTileMap.svelte';
import { secondLayerTotals, type SecondLayerRow } from '#lib/server/reports/forwarding.ts';

const row = (code: string, name: string, over: Partial<SecondLayerRow> = {}) => ({
	prefectureCode: code,
	name,
	addressed: true,
	forwarded: false,
	firstForwardedOn: null,
	forwardings: 0,
	recipients: 0,
	acknowledged: 0,
	complete: 0,
	external: { recipients: 0, acknowledged: 0, answered: 0 },
	...over
});

const rows = [
	row('13', '東京都'),
	row('14', '神奈川県', {
		forwarded: true,
		firstForwardedOn: '2026-12-03',
		forwardings: 2,
		recipients: 27,
		acknowledged: 5,
		complete: 1,
		external: { recipients: 3, acknowledged: 2, answered: 1 }
	})
];

describe('the second layer on the progress page', () => {
	it('says per prefecture whether, when, to how many, and how far they got', () => {
		const { body } = render(SecondLayer, {
			props: { layer: { rows, totals: secondLayerTotals(rows) }, noticeId: 'n1' }
		});
		expect(body).toContain('管内市町村への転送（第2層）');
		expect(body).toContain('神奈川県: 27 市町村へ転送、1 回答済み');
		expect(body).toContain('1/2 都道府県が転送');
		expect(body).toContain('令和8年12月3日');
		expect(body).toContain('未転送');
		expect(body).toContain('2/1（3 件）');
		expect(body).not.toContain('東京都: ');
	});

	it('the tile map in its second layer names the forwarded counts and links that layer', () => {
		const { body } = render(PrefectureTileMap, {
			props: { prefectures: rows, noticeId: 'n1', measure: 'complete', layer: 'second' }
		});
		expect(body).toContain('都道府県別の転送先の回答完了率');
		expect(body).toContain('転送先 回答済み 1/27');
		expect(body).toContain('/notices/n1/progress/14?layer=second');
		// 東京都 forwarded to nobody: no tile link, nothing to count.
		expect(body).not.toContain('/notices/n1/progress/13');
	});
});
