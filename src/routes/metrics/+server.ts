// Prometheus metrics, for a scraper holding KAIRAN_METRICS_TOKEN; 404 to everyone else.
import { KAIRAN_METRICS_TOKEN } from '$app/env/private';
import { metricsResponse } from '#lib/server/metrics/endpoint.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request }) => metricsResponse(request, KAIRAN_METRICS_TOKEN);
