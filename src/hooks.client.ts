import { z } from 'zod';

// zod 4 probes for `new Function` once to decide whether to compile fast parsers; under the
// Content-Security-Policy (no 'unsafe-eval') that probe is refused and reported as a violation
// on every page that loads a schema. jitless skips the probe; the parsers stay the same.
z.config({ jitless: true });
