// Content-Disposition for a Japanese file name (RFC 6266 with RFC 8187 encoding): an ASCII
// fallback for old clients, and filename* with the UTF-8 name that every current browser uses.
export function contentDisposition(type: 'attachment' | 'inline', fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	const encoded = encodeURIComponent(fileName).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
	return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
