// Kairan's configuration: every environment variable the server reads, validated at start.
// Imported by kit as `$app/env/private`; nothing here is public.
import { defineEnvVars } from '@sveltejs/kit/env';
import { ROLES, type Role } from './lib/domain/roles.ts';
import { LOG_LEVELS } from './lib/server/log-levels.ts';

const optional = (value: string | undefined) =>
	value === undefined || value === '' ? undefined : value;

/** Unset: undefined (the default applies); otherwise a whole number ≥ 1. */
const positiveInt = (name: string) => (value: string | undefined) => {
	if (value === undefined || value === '') return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1`);
	return n;
};

export const variables = defineEnvVars({
	KAIRAN_MODE: {
		description:
			'demo (default): loads demo data into an empty database. production: never loads demo data.',
		schema: (value) => {
			const mode = value || 'demo';
			if (mode !== 'demo' && mode !== 'production')
				throw new Error('KAIRAN_MODE must be demo or production');
			return mode;
		}
	},
	KAIRAN_DATA_DIR: {
		description: 'Directory for the SQLite file, attachments and the mail outbox (default ./data).',
		schema: (value) => value || 'data'
	},
	DATABASE_URL: {
		description: 'A postgres:// URL selects PostgreSQL; unset uses SQLite in KAIRAN_DATA_DIR.',
		schema: optional
	},
	KAIRAN_DEMO_PASSWORD: {
		description: 'Password of every demo account (demo mode only).',
		schema: (value) => value || 'kairan-demo-2024'
	},
	KAIRAN_PUBLIC_URL: {
		description: 'Base URL used in links inside mails (default http://localhost:3000).',
		schema: (value) => {
			// Every mail links here: a URL that cannot be one would fail each publication later.
			const url = (value || 'http://localhost:3000').replace(/\/+$/, '');
			if (!/^https?:\/\/[^\s/]+/.test(url))
				throw new Error(`KAIRAN_PUBLIC_URL must be an http(s) URL, got ${JSON.stringify(url)}`);
			return url;
		}
	},
	KAIRAN_DB_POOL_SIZE: {
		description: 'PostgreSQL: connections each app process keeps at most (default 20).',
		schema: positiveInt('KAIRAN_DB_POOL_SIZE')
	},
	KAIRAN_DB_POOL_TIMEOUT_MS: {
		description: 'PostgreSQL: how long a query waits for a free connection, in ms (default 30000).',
		schema: positiveInt('KAIRAN_DB_POOL_TIMEOUT_MS')
	},
	KAIRAN_DB_TX_TIMEOUT_MS: {
		description: 'Longest run of one database transaction, in ms (default 15000).',
		schema: positiveInt('KAIRAN_DB_TX_TIMEOUT_MS')
	},
	KAIRAN_DB_TX_MAX_WAIT_MS: {
		description: 'How long a transaction waits to start, in ms (default 30000).',
		schema: positiveInt('KAIRAN_DB_TX_MAX_WAIT_MS')
	},
	SMTP_URL: {
		description:
			'smtp:// or smtps:// URL of the mail server; unset writes .eml files to <data dir>/outbox.',
		schema: optional
	},
	MAIL_FROM: {
		description: 'Sender of notice mails.',
		schema: (value) => value || 'Kairan <no-reply@kairan.example.jp>'
	},
	MAIL_REPLY_TO: {
		description:
			"Reply-To of notice mails whose issuing offices have no address on record (an office's own comes first).",
		schema: optional
	},
	KAIRAN_MFA_REQUIRED_ROLES: {
		description:
			'Roles that must enrol a TOTP authenticator before anything else, comma-separated ' +
			'(default issuer,admin; "none" for nobody). Others may enrol if they wish.',
		schema: (value): Role[] => {
			const text = (value || 'issuer,admin').trim();
			if (text === 'none') return [];
			const roles = text.split(',').map((r) => r.trim());
			const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
			if (unknown.length > 0)
				throw new Error(
					`KAIRAN_MFA_REQUIRED_ROLES: unknown role ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`
				);
			return roles as Role[];
		}
	},
	KAIRAN_METRICS_TOKEN: {
		description:
			'Bearer token a Prometheus scraper presents at /metrics (at least 24 characters). ' +
			'Unset: /metrics answers 404 to everyone.',
		schema: (value) => {
			const token = optional(value);
			if (token !== undefined && token.length < 24)
				throw new Error('KAIRAN_METRICS_TOKEN must be at least 24 characters long');
			return token;
		}
	},
	KAIRAN_LINK_SECRET: {
		description:
			'Key that signs the links organizations outside government receive (at least 32 characters). ' +
			'Unset: one is made once and kept in the database, shared by every instance.',
		schema: (value) => {
			const secret = optional(value);
			if (secret !== undefined && secret.length < 32)
				throw new Error('KAIRAN_LINK_SECRET must be at least 32 characters long');
			return secret;
		}
	},
	KAIRAN_LOG_LEVEL: {
		description: `Least severe log level written (${LOG_LEVELS.join(', ')}; default info). Logs are JSON lines on stdout.`,
		schema: (value) => {
			const level = value || 'info';
			if (!(LOG_LEVELS as readonly string[]).includes(level))
				throw new Error(`KAIRAN_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
			return level;
		}
	}
});
