// The sign-in and account pages' answers to a throttled attempt.
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
