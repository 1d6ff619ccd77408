// The app's attachment storage: the StoredBlob/BlobChunk tables of the configured database.
import { db } from '../db/index.ts';
import { createStorage } from './index.ts';

export const storage = createStorage(db);
