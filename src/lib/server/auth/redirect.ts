/** Only same-site paths may be returned to after sign-in (no open redirect). */
export function safeRedirectPath(value: string | null | undefined, fallback = '/notices'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
		return fallback;
	return value;
}
