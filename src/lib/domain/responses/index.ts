// Answers to response items (記). What an item asks and how its answers are read is its
// definition (src/lib/domain/forms); the modules here hold what the templates of the library
// are built from (choices, limits, the grant report's arithmetic).
//
// NO PERSONAL DATA ABOUT VICTIMS, EVER. Every kind records institutional facts (what a
// department did, which institutions can cooperate, which departments consulted) and
// aggregate numbers (counts, yen totals). No field may ask for or hold anything about a person
// who was harmed — no name, age, date of an incident, case detail or free-text slot meant for
// one. A new kind or field must keep to this; a contact is an institution's desk, not a person.
export type { Checked, FieldProblem, Mode } from './common.ts';
export type { GrantLineRate } from './grant-report.ts';
