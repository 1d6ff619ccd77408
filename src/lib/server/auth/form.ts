// The sign-in and account pages' answers to a throttled attempt.
import { formatJapanTime } from '../../domain/dates.ts';
/** 429's Retry-After, and when that is in Japan time for the message. */
export function retryAfter(seconds: number) {
	const at = new Date(Date.now() + seconds * 1000);
	return {
		header: { 'Retry-After': String(seconds) },
		minutes: Math.ceil(seconds / 60),
		time: formatJapanTime(at)
	};
}
