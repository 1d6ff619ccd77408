// The app's attachment storage, under the configured data directory.
import { KAIRAN_DATA_DIR } from '$app/env/private';
import { createStorage } from './index.ts';

export const storage = createStorage(KAIRAN_DATA_DIR);
