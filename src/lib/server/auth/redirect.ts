/**
 * Only same-site paths may be returned to after sign-in (no open redirect). Without one, the
 * start page: `/` is a respondent's home and sends everyone else to the notice list.
 */
export function safeRedirectPath(value: string | null | undefined, fallback = '/'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
		return fallback;
	return value;
}
