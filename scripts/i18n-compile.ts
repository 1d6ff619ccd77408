// Compiles messages/{ja,en}.json to src/lib/paraglide (run by `npm install`, see prepare).
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from './paraglide-options.ts';

await compile(paraglideOptions);
