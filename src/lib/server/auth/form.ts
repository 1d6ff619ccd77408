// Reading the small forms of the account pages: text fields only, into a null-prototype record;
// a body that is not a form at all (wrong Content-Type, broken multipart) is null, which the
// action answers with a 400 and a message rather than a 500.
export async function readTextFields(request: Request): Promise<Record<string, string> | null> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return null;
	}
	const fields: Record<string, string> = Object.create(null);
	for (const [name, value] of form) if (typeof value === 'string') fields[name] = value;
	return fields;
}

/** 429's Retry-After, and when that is in Japan time for the message. */
export function retryAfter(seconds: number) {
	const at = new Date(Date.now() + seconds * 1000);
	const time = new Intl.DateTimeFormat('ja-JP', {
		hour: '2-digit',
		minute: '2-digit',
		timeZone: 'Asia/Tokyo'
	}).format(at);
	return { header: { 'Retry-After': String(seconds) }, minutes: Math.ceil(seconds / 60), time };
}
