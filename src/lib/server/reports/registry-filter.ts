// The registry's filters, read from a URL: unknown values are ignored, never an error page.
import { z } from 'zod';
import { CLINICAL_DEPARTMENT_KEYS } from '../../domain/responses/clinical-departments.ts';
import type { RegistryFilter } from './registry-table.ts';

const schema = z.object({
	prefecture: z
		.string()
		.regex(/^\d{2}$/)
		.optional()
		.catch(undefined),
	clinicalDepartment: z.enum(CLINICAL_DEPARTMENT_KEYS).optional().catch(undefined)
});

export function registryFilter(url: URL): RegistryFilter {
	return schema.parse({
		prefecture: url.searchParams.get('prefecture') || undefined,
		clinicalDepartment: url.searchParams.get('clinicalDepartment') || undefined
	});
}
