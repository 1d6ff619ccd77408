// Response item definitions (回答項目): what a notice asks, as data. See definition.ts for the
// schema, validate.ts for reading answers, applies.ts for who answers by when, templates/ for
// the ready-made items, format.ts for the JSON file.
export {
	appliesToSchema,
	itemCheckSchema,
	itemDefinitionSchema,
	itemDefinitionsSchema,
	type AppliesTo,
	type ItemCheck,
	type ItemDefinition
} from './definition.ts';
export {
	SHAPE_ERROR,
	conditionHolds,
	describeField,
	isFieldRequired,
	isFieldShown,
	readAnswer,
	summarizeAnswer,
	validateAnswer,
	type AnswerValue,
	type Checked,
	type ValidateAnswerOptions
} from './validate.ts';
export {
	appliesToDepartment,
	effectiveDeadline,
	isOverdue,
	itemAppliesTo,
	type DepartmentRef
} from './applies.ts';
export {
	DEFINITION_FORMAT,
	parseDefinition,
	parseItemDefinition,
	serializeDefinition,
	type DefinitionFile,
	type ParsedDefinition
} from './format.ts';
export { BEHAVIOURS, BEHAVIOUR_NAMES, type BehaviourName } from './behaviours.ts';
export {
	CODE_CHECKS,
	CODE_CHECK_NAMES,
	FIELD_TYPE_LABELS,
	FIELD_TYPE_NAMES,
	fieldSchema,
	type Choice,
	type CodeCheckName,
	type Condition,
	type Field,
	type FieldProblem,
	type FieldTypeName,
	type FieldValue,
	type FileRef,
	type Mode,
	type Row,
	type ScalarField,
	type ScalarValue,
	type TableField
} from './fields/index.ts';
export * from './limits.ts';
