// Loads app modules the way the app itself is built (through Vite), for command-line tools that
// need server code: that code uses Vite-only imports (`?raw` files, import.meta.glob of the
// migrations), which plain Node cannot resolve. The server is created without HTTP, HMR or a
// watcher of consequence, and must be closed when the tool is done.
import { createServer, type ViteDevServer } from 'vite';

export type ViteLoader = {
	load: <T>(path: string) => Promise<T>;
	close: () => Promise<void>;
};

export async function viteLoader(): Promise<ViteLoader> {
	const server: ViteDevServer = await createServer({
		server: { middlewareMode: true, hmr: false, ws: false, watch: null },
		appType: 'custom',
		logLevel: 'error'
	});
	return {
		load: async <T>(path: string) => (await server.ssrLoadModule(path)) as T,
		close: () => server.close()
	};
}
