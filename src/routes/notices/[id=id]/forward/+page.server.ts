// 管内市町村への転送: the forwarding department's screen (forwarding/access.ts says who; anyone
// else gets 404). The list is one prefecture's target bodies, bounded (~200), read whole.
import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { storage } from '#lib/server/storage/app.ts';
import { readForm } from '#lib/server/http/form.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { kickOutbox, mailOptions } from '#lib/server/mail/app.ts';
import { UserError } from '#lib/server/errors.ts';
import { forwarder } from '#lib/server/forwarding/access.ts';
import { countByStatus, listCandidates } from '#lib/server/forwarding/rules.ts';
import { forward } from '#lib/server/forwarding/forward.ts';
import { storeForwardingUploads } from '#lib/server/forwarding/attachments.ts';
import { MAX_FORWARD_BODIES } from '#lib/domain/forwarding.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = '転送できる通知が見つかりません。 / Notice not found.';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const who = await forwarder(db, user, params.id);
	if (!who) error(404, NOT_FOUND);
	const version = await db.noticeVersion.findUniqueOrThrow({
		where: { noticeId_number: { noticeId: params.id, number: who.currentVersionNumber } },
		select: { title: true, documentNumber: true }
	});
	const candidates = await listCandidates(db, {
		noticeId: params.id,
		prefectureCode: who.prefectureCode,
		function: who.function
	});
	return {
		notice: { id: params.id, ...version },
		department: who.departmentLabel,
		candidates: candidates.map((c) => ({
			code: c.code,
			name: c.name,
			kind: c.kind,
			status: c.status
		})),
		counts: countByStatus(candidates)
	};
};

/** A form value that must be text; a file posted in its place is a hostile form. */
function texts(form: FormData, name: string): string[] {
	return form.getAll(name).map((v) => {
		if (typeof v !== 'string')
			throw new UserError(400, `「${name}」の値が正しくありません。 / Bad value for ${name}.`);
		return v;
	});
}

function text(form: FormData, name: string, max: number): string {
	const [value = '', ...rest] = texts(form, name);
	if (rest.length > 0)
		throw new UserError(400, `「${name}」が複数あります。 / ${name} was sent more than once.`);
	if (value.length > max)
		throw new UserError(400, `「${name}」が長すぎます。 / ${name} is too long.`, name);
	return value;
}

export const actions: Actions = {
	forward: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		// Authorized before reading the files into storage.
		if (!(await forwarder(db, user, params.id))) error(404, NOT_FOUND);
		const form = await readForm(request);
		let forwarded: number;
		try {
			const all = text(form, 'all', 10) === '1';
			const codes = texts(form, 'bodies');
			if (codes.length > MAX_FORWARD_BODIES)
				throw new UserError(400, '転送先が多すぎます。 / Too many bodies.', 'bodies');
			const files = [];
			for (const f of form.getAll('files')) {
				if (typeof f === 'string') {
					if (f === '') continue;
					throw new UserError(400, '添付資料の形式が正しくありません。 / Not a file.', 'files');
				}
				if (f.size === 0 && f.name === '') continue; // the empty file input
				files.push({ fileName: f.name, title: '', bytes: new Uint8Array(await f.arrayBuffer()) });
			}
			const input = {
				bodies: all ? ('all' as const) : codes,
				documentNumber: text(form, 'documentNumber', 1000),
				issuedOn: text(form, 'issuedOn', 100),
				coverNote: text(form, 'coverNote', 20_000),
				attachments: [] as Awaited<ReturnType<typeof storeForwardingUploads>>
			};
			input.attachments = await storeForwardingUploads(storage, files);
			forwarded = (await forward(db, user, params.id, input, mailOptions())).recipients;
		} catch (e) {
			return userFailure(e, {
				values: {
					all: form.get('all') === '1',
					bodies: form.getAll('bodies').filter((v) => typeof v === 'string'),
					documentNumber: String(form.get('documentNumber') ?? '').slice(0, 1000),
					issuedOn: String(form.get('issuedOn') ?? '').slice(0, 100),
					coverNote: String(form.get('coverNote') ?? '').slice(0, 20_000)
				}
			});
		}
		kickOutbox();
		redirect(303, `/notices/${params.id}?forwarded=${forwarded}`);
	}
};
