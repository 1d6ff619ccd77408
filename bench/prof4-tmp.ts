import { viteLoader } from './lib/vite-load.ts';
import { targetOf, dataEnv } from './lib/env.ts';
const provider = (process.argv[2] ?? 'sqlite') as 'sqlite';
const vite = await viteLoader();
const { openDb } = await vite.load<any>('/src/lib/server/db/client.ts');
const { readTallies } = await vite.load<any>('/src/lib/server/reports/tallies.ts');
const P = await vite.load<any>('/src/lib/server/reports/progress.ts');
const { sessionUserFor } = await vite.load<any>('/tests/db/users.ts');
const db = openDb(targetOf(dataEnv(provider, 'national')));
const viewer = await sessionUserFor(db, 'viewer@example.jp');
async function t(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < 11; i++) { const s = performance.now(); await f(); xs.push(performance.now() - s); }
  xs.sort((a, b) => a - b); console.log(name, xs[5].toFixed(2));
}
const id = 'gnotice0000000000001';
const ns = await db.notice.findMany({ where: { status: 'published' }, orderBy: [{ publishedAt: 'desc' }], take: 20, select: { id: true } });
const ids = ns.map((n: any) => n.id);
await t('readableNotice', () => P.readableNotice(db, viewer, id));
await t('flat findFirst', () => db.notice.findFirst({ where: { id }, select: { id: true } }));
await t('readTallies 1', () => readTallies(db, [id], 'all'));
await t('noticeDashboard', () => P.noticeDashboard(db, viewer, id));
await t('progressTrend', () => P.progressTrend(db, viewer, id));
await t('readTallies 20', () => readTallies(db, ids, 'all'));
await t('openDashboards', () => P.openDashboards(db, viewer));
console.log((await readTallies(db, [id], 'all')).get(id).days.length);
await db.$disconnect(); await vite.close();
