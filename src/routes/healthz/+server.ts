import { json } from '@sveltejs/kit';
import { db, dbTarget } from '#lib/server/db/index.ts';
import type { RequestHandler } from './$types';

/** For load balancers and monitors: 200 when the database answers, 503 when it does not. */
export const GET: RequestHandler = async () => {
	const started = performance.now();
	try {
		await db.$queryRawUnsafe('SELECT 1');
		return json({
			status: 'ok',
			database: {
				status: 'ok',
				provider: dbTarget.provider,
				latencyMs: Math.round(performance.now() - started)
			}
		});
	} catch {
		return json(
			{ status: 'error', database: { status: 'error', provider: dbTarget.provider } },
			{ status: 503 }
		);
	}
};
