import { defineParams } from '@sveltejs/kit/params';

export const params = defineParams({
	/** 1-based attachment position: /notices/{id}/attachments/{n} */
	position: (param) => (/^[1-9]\d{0,2}$/.test(param) ? Number(param) : undefined),
	/** JIS X 0401 prefecture code, 01 (北海道) to 47 (沖縄県): /notices/{id}/progress/{code} */
	prefecture: (param) => (/^(0[1-9]|[1-3]\d|4[0-7])$/.test(param) ? param : undefined),
	/** cuid ids; anything else cannot name a row and is a 404 before any query runs. */
	id: (param) => (/^[a-z0-9]{20,40}$/.test(param) ? param : undefined)
});
