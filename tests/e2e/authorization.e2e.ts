// The authorization matrix (issue 11 §6): every page, form action and endpoint of the route
// tree — enumerated from src/routes, so a route without a row below fails this test — asked by
// every role, about objects that are not theirs: another ministry's draft (with its 別添), a
// notice of another ministry not addressed to the respondent's department, another
// department's answers, and a notice that does not exist. The table is the documentation of
// what Kairan answers today; the rules below it are what must hold whatever the table says:
//
// - a notice a role may not see answers exactly as a notice that does not exist (404, or the
//   role's refusal that does not depend on the notice), so existence never leaks;
// - an anonymous visitor is sent to sign in (pages, forms) or gets 401 (endpoints);
// - nothing answers 5xx;
// - the database is unchanged by every refused request (hash of every table's rows).
//
// The actors: tokyo.health (respondent; addressed by the seed notice, not by the other one),
// cao.issuer (issuer; manages the joint seed notice, not MHLW's own), viewer, admin, anonymous.
// mhlw.issuer owns the objects and proves they exist.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { ACCOUNTS, seedNoticeId, signIn } from './helpers.ts';
import { ROLES, entryKey, routeEntries, type Entry, type Role } from './routes.ts';
import { changedTables, openServerDatabase } from './database.ts';

const EMAIL: Record<Exclude<Role, 'anonymous'>, string> = {
	respondent: ACCOUNTS.tokyo,
	issuer: 'cao.issuer@example.jp',
	viewer: ACCOUNTS.viewer,
	admin: 'admin@example.jp'
};
const OWNER = 'mhlw.issuer@example.jp';

/**
 * The notices each row is asked about, in the order of the cells:
 * - seed: the joint MHLW + Cabinet Office notice, published, addressed to Tokyo's department;
 * - draft: MHLW's own draft, with 別添1;
 * - other: MHLW's own notice, published with 別添1 to 北海道's health department only;
 * - none: an id of the right shape that names no notice.
 * In department routes the department is Setagaya's (seed, none) or 北海道's health department
 * (draft, other): another department's answers, never the actor's own.
 */
const OBJECTS = ['seed', 'draft', 'other', 'none'] as const;
type Obj = (typeof OBJECTS)[number];

/** What each role may see (access.ts): everything else must answer as `none` does. */
const SEES: Record<Role, readonly Obj[]> = {
	anonymous: [],
	respondent: ['seed'],
	issuer: ['seed'],
	viewer: ['seed', 'other'],
	admin: ['seed', 'other']
};

/**
 * Expected answers. A row without a notice in its route has one cell per role; a row with one
 * has four (seed draft other none). A number is the HTTP status (for a form action, the status
 * of its result as an enhanced form receives it); 303 from an anonymous request must lead to
 * /login. `ok` marks a request the role is allowed to make and that would change something (an
 * acknowledgment, a withdrawal, a sign-out): it is not sent here — other specs do it.
 */
const MATRIX: Record<string, Record<Role, string>> = {
	'GET /': { anonymous: '303', respondent: '200', issuer: '303', viewer: '303', admin: '303' },
	'GET /login': { anonymous: '200', respondent: '303', issuer: '303', viewer: '303', admin: '303' },
	'POST /login?/default': {
		anonymous: '400',
		respondent: '400',
		issuer: '400',
		viewer: '400',
		admin: '400'
	},
	'POST /logout': { anonymous: '303', respondent: 'ok', issuer: 'ok', viewer: 'ok', admin: 'ok' },
	'POST /locale': {
		anonymous: '303',
		respondent: '303',
		issuer: '303',
		viewer: '303',
		admin: '303'
	},
	'GET /healthz': {
		anonymous: '200',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	// Prometheus metrics: only for a scraper with KAIRAN_METRICS_TOKEN (unset here), and no
	// session, however privileged, stands in for it.
	'GET /metrics': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	// Every admins' page, form and file answers anyone else as one that does not exist (404),
	// signed in or not: what lies outside one's reach is not shown to be there.
	'GET /admin/grant-lines': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	'POST /admin/grant-lines?/update': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: 'ok'
	},
	'POST /admin/grant-lines?/openYear': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: 'ok'
	},
	'GET /admin/audit': {
		// The audit trail's existence is an admin's business only: 404 for everyone else.
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	'GET /admin/audit.csv': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	// People are an admin's business only: 404 for everyone else, as the audit trail.
	'GET /admin/people': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	// The directory (issue 12): admins only (404 to anyone else). A notice's id names no
	// department: 404. The forms posted here lack their fields, so an admin's post is refused
	// before it changes anything.
	'GET /admin/functions': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	'POST /admin/functions?/add': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'POST /admin/functions?/update': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'GET /admin/departments': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	'POST /admin/departments?/add': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'GET /admin/departments/[id=id]': {
		anonymous: '404 404 404 404',
		respondent: '404 404 404 404',
		issuer: '404 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'POST /admin/departments/[id=id]?/update': {
		anonymous: '404 404 404 404',
		respondent: '404 404 404 404',
		issuer: '404 404 404 404',
		viewer: '404 404 404 404',
		admin: '400 400 400 400'
	},
	'POST /admin/departments/[id=id]?/merge': {
		anonymous: '404 404 404 404',
		respondent: '404 404 404 404',
		issuer: '404 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'POST /admin/departments/[id=id]?/retire': {
		anonymous: '404 404 404 404',
		respondent: '404 404 404 404',
		issuer: '404 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'GET /admin/departments/import': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	'POST /admin/departments/import?/dryRun': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'POST /admin/departments/import?/apply': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'GET /admin/departments.csv': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	// Nothing (or no such person) posted.
	'POST /admin/people?/invite': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'POST /admin/people?/change': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'POST /admin/people?/disable': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	'POST /admin/people?/enable': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	'POST /admin/people?/importCheck': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'POST /admin/people?/importApply': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'GET /admin/people.csv': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	// The departments one manages: tokyo.health administers 東京都's; issuers and viewers manage none.
	'GET /department': {
		anonymous: '303',
		respondent: '200',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	// A prefecture administrator (tokyo.health) or an admin adds a 市・町・村's department; nothing
	// posted: no name. Anyone else: 404 before the form is read.
	'POST /department?/add': {
		anonymous: '303',
		respondent: '400',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	// Setagaya's department: in 東京都, so within tokyo.health's reach.
	'GET /department/[department=id]': {
		anonymous: '303',
		respondent: '200',
		issuer: '404',
		viewer: '404',
		admin: '200'
	},
	// Nothing posted: no address, no such invitation or person.
	'POST /department/[department=id]?/invite': {
		anonymous: '303',
		respondent: '400',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	'POST /department/[department=id]?/resend': {
		anonymous: '303',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	'POST /department/[department=id]?/withdraw': {
		anonymous: '303',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	'POST /department/[department=id]?/remove': {
		anonymous: '303',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	'POST /department/[department=id]?/addresses': {
		anonymous: '303',
		respondent: '400',
		issuer: '404',
		viewer: '404',
		admin: '400'
	},
	// An invitation that was never issued: the page says so.
	'GET /invitation/[token]': {
		anonymous: '200',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	'POST /invitation/[token]?/default': {
		anonymous: '400',
		respondent: '400',
		issuer: '400',
		viewer: '400',
		admin: '400'
	},
	// An external organization's link (issue 13) that was never issued: a clear 404 page, for
	// anyone, signed in or not (the link alone is the credential).
	'GET /external/[token]': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	'POST /external/[token]?/acknowledge': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	'POST /external/[token]?/answer': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	'GET /external/[token]/attachments/[n=position]': {
		anonymous: '404',
		respondent: '404',
		issuer: '404',
		viewer: '404',
		admin: '404'
	},
	'GET /account': {
		anonymous: '303',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	// Ends every session of the actor, this one included: other specs do it.
	'POST /account?/signOutEverywhere': {
		anonymous: '303',
		respondent: 'ok',
		issuer: 'ok',
		viewer: 'ok',
		admin: 'ok'
	},
	'GET /account/password': {
		anonymous: '303',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	// No current password posted: refused with its message.
	'POST /account/password?/default': {
		anonymous: '303',
		respondent: '400',
		issuer: '400',
		viewer: '400',
		admin: '400'
	},
	// A first visit by someone not enrolled starts an enrolment (a pending key): not sent for
	// them; issuers and admins are enrolled already.
	'GET /account/totp': {
		anonymous: '303',
		respondent: 'ok',
		issuer: '200',
		viewer: 'ok',
		admin: '200'
	},
	// No code posted.
	'POST /account/totp?/default': {
		anonymous: '303',
		respondent: '400',
		issuer: '400',
		viewer: '400',
		admin: '400'
	},
	// The second step of a sign-in that has not started: back to the first.
	'GET /login/code': {
		anonymous: '303',
		respondent: '303',
		issuer: '303',
		viewer: '303',
		admin: '303'
	},
	'POST /login/code?/default': {
		anonymous: '303',
		respondent: '303',
		issuer: '303',
		viewer: '303',
		admin: '303'
	},
	'GET /login/reset': {
		anonymous: '200',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	// No address posted.
	'POST /login/reset?/default': {
		anonymous: '400',
		respondent: '400',
		issuer: '400',
		viewer: '400',
		admin: '400'
	},
	// A token that was never issued.
	'GET /login/reset/[token]': {
		anonymous: '200',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	'POST /login/reset/[token]?/default': {
		anonymous: '400',
		respondent: '400',
		issuer: '400',
		viewer: '400',
		admin: '400'
	},
	'GET /overview': {
		anonymous: '303',
		respondent: '403',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	'GET /registry': {
		anonymous: '303',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	'GET /registry.csv': {
		anonymous: '401',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	'GET /registry.xlsx': {
		anonymous: '401',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	'GET /notices': {
		anonymous: '303',
		respondent: '200',
		issuer: '200',
		viewer: '200',
		admin: '200'
	},
	'GET /notices/new': {
		anonymous: '303',
		respondent: '403',
		issuer: '200',
		viewer: '403',
		admin: '403'
	},
	'POST /notices/new?/default': {
		anonymous: '303',
		respondent: '403',
		issuer: 'ok',
		viewer: '403',
		admin: '403'
	},
	//                               seed draft other none
	'GET /notices/[id=id]': {
		anonymous: '303 303 303 303',
		// Opening the notice records the department's first view (notice.e2e.ts expects it unread).
		respondent: 'ok 404 404 404',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	},
	'POST /notices/[id=id]?/acknowledge': {
		anonymous: '303 303 303 303',
		respondent: 'ok 404 404 404',
		issuer: '403 403 403 403',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'POST /notices/[id=id]?/correct': {
		anonymous: '303 303 303 303',
		respondent: '404 404 404 404',
		issuer: 'ok 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'POST /notices/[id=id]?/withdraw': {
		anonymous: '303 303 303 303',
		respondent: '404 404 404 404',
		issuer: 'ok 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'POST /notices/[id=id]?/close': {
		anonymous: '303 303 303 303',
		respondent: '404 404 404 404',
		issuer: 'ok 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'GET /notices/[id=id]/attachments/[n=position]': {
		anonymous: '401 401 401 401',
		respondent: '200 404 404 404',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	},
	'GET /notices/[id=id]/attachments/[n=position]/inline': {
		anonymous: '401 401 401 401',
		respondent: '200 404 404 404',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	},
	// Forwarding (issue 13): only a first-level prefecture department of a published notice that
	// asks for it; none of these notices does, so it is 404 for everyone signed in.
	'GET /notices/[id=id]/forward': {
		anonymous: '303 303 303 303',
		respondent: '404 404 404 404',
		issuer: '404 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'POST /notices/[id=id]/forward?/forward': {
		anonymous: '303 303 303 303',
		respondent: '404 404 404 404',
		issuer: '404 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'GET /notices/[id=id]/forwardings/[forwarding=id]/attachments/[n=position]': {
		anonymous: '401 401 401 401',
		respondent: '404 404 404 404',
		issuer: '404 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'GET /notices/[id=id]/edit': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		// The seed is the issuer's, but published: it is edited through a correction (訂正).
		issuer: '404 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	...Object.fromEntries(
		['save', 'upload', 'moveUp', 'moveDown', 'removeAttachment', 'publish', 'deleteDraft'].map(
			(action) => [
				`POST /notices/[id=id]/edit?/${action}`,
				{
					anonymous: '303 303 303 303',
					respondent: '403 403 403 403',
					// On the seed: no correction is being written, so there is nothing to edit.
					issuer: action === 'deleteDraft' ? '409 404 404 404' : '404 404 404 404',
					viewer: '403 403 403 403',
					admin: '403 403 403 403'
				}
			]
		)
	),
	'POST /notices/[id=id]/edit?/discard': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		issuer: '409 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'GET /notices/[id=id]/items': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		// The seed is published and no correction is being written: nothing to edit, as /edit.
		issuer: '404 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	...Object.fromEntries(
		['edit', 'upload', 'copy'].map((action) => [
			`POST /notices/[id=id]/items?/${action}`,
			{
				anonymous: '303 303 303 303',
				respondent: '403 403 403 403',
				// An upload without a file is refused before the notice is looked up: the same
				// answer for every notice, so nothing leaks.
				issuer: action === 'upload' ? '400 400 400 400' : '409 404 404 404',
				viewer: '403 403 403 403',
				admin: '403 403 403 403'
			}
		])
	),
	// Its issuers, and everyone who may read the published notice (its addressees, viewers).
	'GET /notices/[id=id]/items.json': {
		anonymous: '401 401 401 401',
		respondent: '200 404 404 404',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	},
	'GET /notices/[id=id]/preview': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		issuer: '404 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'GET /notices/[id=id]/recipients': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		issuer: '200 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'POST /notices/[id=id]/recipients?/resend': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		// Setagaya's mail was sent: a sent mail is never sent twice.
		issuer: '409 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'POST /notices/[id=id]/recipients?/resendFailed': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		issuer: 'ok 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'POST /notices/[id=id]/recipients?/remind': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		// The count posted (0) is not the count a reminder would reach: nothing is sent.
		issuer: '409 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'POST /notices/[id=id]/recipients?/revoke': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		// Setagaya has not acknowledged: there is nothing to take back.
		issuer: '404 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	// The recipients a notice was forwarded to (第2層): a forwarding prefecture's own (none of
	// these notices is forwardable, so Tokyo's department forwarded none: 404), every prefecture's
	// for the notice's readers.
	'GET /notices/[id=id]/forwarded': {
		anonymous: '303 303 303 303',
		respondent: '404 404 404 404',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	},
	'POST /notices/[id=id]/forwarded?/remind': {
		anonymous: '303 303 303 303',
		respondent: '404 404 404 404',
		issuer: '403 403 403 403',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'GET /notices/[id=id]/progress': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	},
	'POST /notices/[id=id]/progress?/remind': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		issuer: '409 404 404 404',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'GET /notices/[id=id]/progress/[prefecture=prefecture]': {
		anonymous: '303 303 303 303',
		respondent: '403 403 403 403',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	},
	'GET /notices/[id=id]/progress/departments/[department=id]': {
		anonymous: '303 303 303 303',
		// Another department's answers: never a respondent's to read, whoever it is.
		respondent: '403 403 403 403',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	},
	// Forwarding to organizations outside government: the addressed prefecture department (its
	// form posted without the confirmation: 400) and the issuer managing the notice (reads the
	// list of institutions reached; cannot forward).
	'GET /notices/[id=id]/forward/external': {
		anonymous: '303 303 303 303',
		respondent: '200 404 404 404',
		issuer: '200 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'POST /notices/[id=id]/forward/external?/forward': {
		anonymous: '303 303 303 303',
		respondent: '400 404 404 404',
		issuer: '404 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'GET /notices/[id=id]/respond': {
		anonymous: '303 303 303 303',
		respondent: '200 404 404 404',
		issuer: '403 403 403 403',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'POST /notices/[id=id]/respond?/draft': {
		anonymous: '303 303 303 303',
		respondent: 'ok 404 404 404',
		issuer: '403 403 403 403',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'POST /notices/[id=id]/respond?/submit': {
		anonymous: '303 303 303 303',
		respondent: 'ok 404 404 404',
		issuer: '403 403 403 403',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'POST /notices/[id=id]/respond?/upload': {
		anonymous: '303 303 303 303',
		// On its own notice a file that is not a 回答様式 is refused; on the others, the notice.
		respondent: '400 404 404 404',
		issuer: '403 403 403 403',
		viewer: '403 403 403 403',
		admin: '403 403 403 403'
	},
	'GET /notices/[id=id]/respond/form.xlsx': {
		anonymous: '401 401 401 401',
		respondent: '200 404 404 404',
		issuer: '404 404 404 404',
		viewer: '404 404 404 404',
		admin: '404 404 404 404'
	},
	'GET /notices/[id=id]/responses.csv': {
		anonymous: '401 401 401 401',
		respondent: '404 404 404 404',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	},
	// The first reader of a published version makes and records its PDF: not sent where allowed.
	'GET /notices/[id=id]/versions/[n=position].pdf': {
		anonymous: '401 401 401 401',
		respondent: 'ok 404 404 404',
		issuer: 'ok 404 404 404',
		viewer: 'ok 404 ok 404',
		admin: 'ok 404 ok 404'
	},
	'GET /notices/[id=id]/responses.xlsx': {
		anonymous: '401 401 401 401',
		respondent: '404 404 404 404',
		issuer: '200 404 404 404',
		viewer: '200 404 200 404',
		admin: '200 404 200 404'
	}
};

/** A small valid PDF for 別添1 of the objects. */
const PDF = fs.readFileSync(
	path.resolve(import.meta.dirname, '../../prisma/data/demo/attachments/attachment-1.pdf')
);
const NO_SUCH_NOTICE = 'zzzzzzzzzzzzzzzzzzzzzzzz';

type Ids = {
	notice: Record<Obj, string>;
	/** The department a department route asks about, per object. */
	department: Record<Obj, string>;
	prefecture: Record<Obj, string>;
	/** That department's recipient row, for the forms that name one (resend, revoke). */
	recipient: Record<Obj, string>;
	seedItem: string;
	ownOffice: string;
	otherMinistryOffice: string;
};

type Sent = { status: number; location: string | null; body: string };

function noticeForm(ids: { office: string; include: string }, title: string) {
	return {
		noticeType: 'administrative_liaison',
		title,
		issuedOn: '2026-11-30',
		deadline: '',
		issuers: ids.office,
		addresseeLines: '北海道衛生主管部（局）　御中',
		preamble: '権限の試験のための通知です。',
		include: ids.include,
		correctionReason: '権限の試験',
		attachment: '1'
	};
}

/** The form each action is posted with: what its own page would send. */
function formFor(entry: Entry, obj: Obj, ids: Ids) {
	const action = entry.action ?? '';
	const form: Record<string, string | { name: string; mimeType: string; buffer: Buffer }> = {};
	if (entry.route.endsWith('/edit') || entry.route === '/notices/new')
		Object.assign(
			form,
			noticeForm({ office: ids.ownOffice, include: ids.department.other }, '権限の試験')
		);
	if (entry.route.endsWith('/edit') && action === 'upload')
		form.file = { name: 'a.pdf', mimeType: 'application/pdf', buffer: PDF };
	if (entry.route.endsWith('/respond')) {
		form.itemId = ids.seedItem;
		form.revision = '0';
		if (action === 'upload')
			form.file = {
				name: 'form.xlsx',
				mimeType: 'application/octet-stream',
				buffer: Buffer.from('not a workbook')
			};
	}
	if (action === 'resend' || action === 'revoke') form.recipient = ids.recipient[obj];
	if (action === 'remind') Object.assign(form, { itemId: '', expectedCount: '0' });
	if (action === 'withdraw') form.reason = '権限の試験';
	if (action === 'update') Object.assign(form, { id: 'x', rate: '1/2' });
	if (action === 'openYear') form.fiscalYear = '2099';
	if (entry.route === '/login') Object.assign(form, { email: '', password: '' });
	if (entry.route === '/locale') form.redirectTo = '/notices';
	return form;
}

function urlFor(entry: Entry, obj: Obj | null, ids: Ids) {
	const o = obj ?? 'seed';
	const route = entry.route
		.replace('[id=id]', ids.notice[o])
		.replace('[n=position]', '1')
		.replace('[prefecture=prefecture]', ids.prefecture[o])
		.replace('[department=id]', ids.department[o])
		// No forwarding exists in these notices: an id of the right shape naming none.
		.replace('[forwarding=id]', NO_SUCH_NOTICE)
		// A password-reset token that was never issued (43 characters, as issued ones are).
		.replace('[token]', 'A'.repeat(43));
	return entry.kind === 'action' && entry.action !== 'default'
		? `${route}?/${entry.action}`
		: route;
}

/**
 * What a request was answered: for a form action (which answers a client that accepts JSON —
 * Playwright's `*\/*` included — with its result), the result's own status and location.
 */
async function verdict(r: APIResponse): Promise<Sent> {
	const body = await r.text();
	if (r.headers()['content-type']?.includes('application/json')) {
		const result = JSON.parse(body) as { type?: string; status?: number; location?: string };
		if (result.type === 'redirect')
			return { status: result.status!, location: result.location!, body };
		if (result.type === 'failure') return { status: result.status!, location: null, body };
		if (result.type === 'success') return { status: 200, location: null, body };
	}
	return { status: r.status(), location: r.headers()['location'] ?? null, body };
}

async function send(
	request: APIRequestContext,
	entry: Entry,
	url: string,
	form: ReturnType<typeof formFor>,
	origin: string
): Promise<Sent> {
	let r: APIResponse;
	if (entry.method === 'GET') r = await request.get(url, { maxRedirects: 0 });
	else
		r = await request.post(url, {
			maxRedirects: 0,
			multipart: form,
			// A form action answers an enhanced form with its own verdict (status, message), not
			// with the page it would render around it.
			headers:
				entry.kind === 'action'
					? { origin, accept: 'application/json', 'x-sveltekit-action': 'true' }
					: { origin }
		});
	return verdict(r);
}

test('every route × every role × objects that are not theirs: refused, nothing leaks, nothing changes', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(300_000);
	const origin = baseURL!;
	const database = await openServerDatabase();

	// Every route of the tree has its row, and every row names a route that exists.
	const entries = routeEntries();
	const keys = entries.map(entryKey);
	expect(
		keys.filter((k) => !(k in MATRIX)),
		'routes without a row in MATRIX'
	).toEqual([]);
	expect(
		Object.keys(MATRIX).filter((k) => !keys.includes(k)),
		'rows of MATRIX for routes that no longer exist'
	).toEqual([]);

	// Sessions.
	const contexts = await Promise.all(
		(['owner', ...ROLES] as const).map(async (who) => {
			const context = await browser.newContext();
			if (who !== 'anonymous') {
				const page = await context.newPage();
				await signIn(page, who === 'owner' ? OWNER : EMAIL[who]);
				await page.close();
			}
			return [who, context] as const;
		})
	);
	const as = Object.fromEntries(contexts.map(([who, c]) => [who, c.request])) as Record<
		Role | 'owner',
		APIRequestContext
	>;

	// The objects: MHLW's draft and MHLW's own published notice, each with 別添1.
	const page = await contexts[0][1].newPage();
	await page.goto('/notices');
	const seed = await seedNoticeId(page);
	await page.close();
	const departmentOf = async (email: string) =>
		(
			await database.get<{ departmentId: string }>(
				`SELECT "departmentId" FROM "User" WHERE email = ?`,
				email
			)
		).departmentId;
	const { id: hokkaidoHealth } = await database.get<{ id: string }>(
		`SELECT d.id FROM "Department" d JOIN "Organization" o ON o.id = d."organizationId"
		 WHERE o."localGovernmentCode" = '010006' AND d.function = 'health'`
	);
	const mhlwOffice = await departmentOf(OWNER);
	const caoOffice = await departmentOf(EMAIL.issuer);
	const setagaya = await departmentOf(ACCOUNTS.setagaya);

	async function createNotice(title: string, publish: boolean) {
		const form = noticeForm({ office: mhlwOffice, include: hokkaidoHealth }, title);
		const created = await as.owner.post('/notices/new', {
			form,
			headers: { origin },
			maxRedirects: 0
		});
		const made = await verdict(created);
		expect(made.status, made.body).toBe(303);
		const id = /^\/notices\/([^/]+)\/edit/.exec(made.location!)![1];
		const upload = await as.owner.post(`/notices/${id}/edit?/upload`, {
			multipart: { ...form, file: { name: 'a.pdf', mimeType: 'application/pdf', buffer: PDF } },
			headers: { origin },
			maxRedirects: 0
		});
		expect((await verdict(upload)).status).toBe(200);
		if (publish) {
			const published = await as.owner.post(`/notices/${id}/edit?/publish`, {
				form,
				headers: { origin },
				maxRedirects: 0
			});
			const done = await verdict(published);
			expect(done.status, done.body).toBe(303);
			expect(done.location).toContain('/recipients');
		}
		return id;
	}
	const draft = await createNotice('権限の試験：厚生労働省の下書き', false);
	const other = await createNotice('権限の試験：厚生労働省のみの通知', true);
	const recipientOf = async (notice: string, department: string) =>
		(
			await database.get<{ id: string }>(
				`SELECT id FROM "Recipient" WHERE "noticeId" = ? AND "departmentId" = ?`,
				notice,
				department
			)
		).id;
	const ids: Ids = {
		notice: { seed, draft, other, none: NO_SUCH_NOTICE },
		department: { seed: setagaya, draft: hokkaidoHealth, other: hokkaidoHealth, none: setagaya },
		prefecture: { seed: '13', draft: '01', other: '01', none: '13' },
		recipient: {
			seed: await recipientOf(seed, setagaya),
			draft: await recipientOf(other, hokkaidoHealth),
			other: await recipientOf(other, hokkaidoHealth),
			none: await recipientOf(seed, setagaya)
		},
		seedItem: (
			await database.get<{ id: string }>(
				`SELECT id FROM "ResponseItem" WHERE "noticeId" = ? ORDER BY number LIMIT 1`,
				seed
			)
		).id,
		ownOffice: caoOffice,
		otherMinistryOffice: mhlwOffice
	};

	// The objects exist, and their owner reaches them by the very URLs asked below.
	for (const url of [
		`/notices/${draft}`,
		`/notices/${draft}/edit`,
		`/notices/${draft}/preview`,
		`/notices/${draft}/attachments/1?version=editable`,
		`/notices/${draft}/progress`,
		`/notices/${other}/recipients`,
		`/notices/${other}/progress/01`,
		`/notices/${other}/progress/departments/${hokkaidoHealth}`,
		`/notices/${other}/attachments/1`,
		// The first reader of a published version makes its PDF of record (and the notice page
		// starts it): made here, before the snapshot, so the reads below write nothing.
		`/notices/${seed}/versions/1.pdf`,
		`/notices/${other}/versions/1.pdf`
	])
		expect((await as.owner.get(url, { maxRedirects: 0 })).status(), url).toBe(200);

	const before = await database.settled();
	await database.written();

	const problems: string[] = [];
	let cells = 0;
	let sent = 0;
	const observed: Record<string, Record<Role, string>> = {};
	for (const entry of entries) {
		const key = entryKey(entry);
		const row = MATRIX[key];
		const objects: (Obj | null)[] = entry.route.includes('[id=id]') ? [...OBJECTS] : [null];
		observed[key] = {} as Record<Role, string>;
		for (const role of ROLES) {
			const expected = row[role].split(' ');
			expect(expected.length, `${key} ${role}: one cell per object`).toBe(objects.length);
			const got: string[] = [];
			for (const [i, obj] of objects.entries()) {
				cells++;
				if (expected[i] === 'ok') {
					got.push('ok');
					continue;
				}
				const url = urlFor(entry, obj, ids);
				const answer = await send(as[role], entry, url, formFor(entry, obj ?? 'seed', ids), origin);
				sent++;
				got.push(String(answer.status));
				const where = `${role} ${entry.method} ${url} (${key}, ${obj ?? '-'})`;
				if (answer.status >= 500) problems.push(`${where}: ${answer.status}`);
				if (
					answer.status === 303 &&
					role === 'anonymous' &&
					key !== 'POST /locale' &&
					!answer.location?.startsWith('/login')
				)
					problems.push(`${where}: anonymous sent to ${answer.location}, not to sign in`);
				// A refusal says why: never an empty body or the message of an internal error.
				if (answer.status >= 400 && !/\S/.test(answer.body))
					problems.push(`${where}: ${answer.status} without a message`);
				if (answer.body.includes('システムエラー'))
					problems.push(`${where}: answered with an internal error`);
				// A refused request wrote nothing (data_version, then the tables' hashes).
				if (await database.written()) {
					const changed = changedTables(before, await database.snapshot());
					if (changed.length > 0) problems.push(`${where}: changed ${changed.join(', ')}`);
				}
			}
			observed[key][role] = got.join(' ');
			// Existence never leaks: a notice the role may not see answers as one that is not there.
			if (objects.length === OBJECTS.length)
				for (const [i, obj] of OBJECTS.entries())
					if (!SEES[role].includes(obj) && got[i] !== got[3])
						problems.push(`${key} ${role}: ${obj} answers ${got[i]}, a missing notice ${got[3]}`);
			// Anonymous visitors reach nothing but sign-in (and its password reset), the health check
			// and the language switch.
			if (role === 'anonymous')
				for (const g of got)
					if (
						g === '200' &&
						![
							'GET /login',
							'GET /login/reset',
							'GET /login/reset/[token]',
							'GET /invitation/[token]',
							'GET /healthz'
						].includes(key)
					)
						problems.push(`${key}: anonymous answered 200`);
		}
	}

	// Hidden fields that name another notice's objects, and the URL's own version parameter.
	const probes: [Role, 'GET' | 'POST', string, Record<string, string>, number][] = [
		// Another notice's recipient posted to the issuer's own notice.
		[
			'issuer',
			'POST',
			`/notices/${seed}/recipients?/resend`,
			{ recipient: ids.recipient.other },
			404
		],
		[
			'issuer',
			'POST',
			`/notices/${seed}/recipients?/revoke`,
			{ recipient: ids.recipient.other },
			404
		],
		// A notice in another ministry's name only.
		[
			'issuer',
			'POST',
			'/notices/new',
			noticeForm({ office: mhlwOffice, include: hokkaidoHealth }, '他府省名義の通知'),
			400
		],
		// The version being written, asked for by someone who does not manage it.
		['issuer', 'GET', `/notices/${draft}/attachments/1?version=editable`, {}, 404],
		['viewer', 'GET', `/notices/${seed}/attachments/1?version=editable`, {}, 404],
		['viewer', 'GET', `/notices/${other}/attachments/1/inline?version=editable`, {}, 404],
		// A department the notice was not addressed to.
		['viewer', 'GET', `/notices/${seed}/progress/departments/${mhlwOffice}`, {}, 404],
		// An item of the seed posted to a notice not addressed to the respondent.
		[
			'respondent',
			'POST',
			`/notices/${other}/respond?/draft`,
			{ itemId: ids.seedItem, revision: '0' },
			404
		]
	];
	for (const [role, method, url, form, status] of probes) {
		const r =
			method === 'GET'
				? await as[role].get(url, { maxRedirects: 0 })
				: await as[role].post(url, {
						form,
						maxRedirects: 0,
						headers: { origin, accept: 'application/json', 'x-sveltekit-action': 'true' }
					});
		sent++;
		const got = (await verdict(r)).status;
		if (got !== status) problems.push(`probe ${role} ${method} ${url}: ${got}, expected ${status}`);
	}

	const after = await database.settled();
	await database.close();
	expect(changedTables(before, after), 'tables changed by refused requests').toEqual([]);
	expect(problems).toEqual([]);
	expect(observed, 'the matrix as answered').toEqual(MATRIX);
	const routes = entries.length;
	console.log(
		`authorization matrix: ${routes} routes × ${ROLES.length} roles × objects = ${cells} cells, ` +
			`${sent} requests sent, ${probes.length} hidden-field probes; database unchanged`
	);
	for (const [, c] of contexts) await c.close();
});
