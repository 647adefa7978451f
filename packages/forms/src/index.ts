/**
 * @muster/forms — form definitions, validation, schedules, submissions, projection into tables,
 * CSV/XLSX export and roster import. This file is the public API: every export is listed by name.
 */
export { FormsError, FormsErrorCode, isFormsError } from './errors';
export {
  MAX_CHOICES,
  MAX_PATTERN_LENGTH,
  MAX_QUESTIONS,
  MAX_QUESTION_ID_LENGTH,
  QuestionType,
  isQuestionId,
  parseQuestion,
} from './questions';
export type {
  AnswerScalar,
  Choice,
  Condition,
  LocationAnswer,
  MultipleChoiceAnswer,
  Question,
  QuestionBase,
  QuestionDraft,
} from './questions';
export { isAnswered, visibleQuestions } from './visibility';
export type { Answers } from './visibility';
export {
  FORM_FIELD,
  FieldErrorCode,
  SubmissionErrorCode,
  fieldMessage,
  submissionMessage,
} from './messages';
export type { LocalizedText } from './messages';
export { buildValidator } from './validator';
export type { FieldError, FormValidator, ValidationContext, ValidationResult } from './validator';
export { expectedRespondents, inAudience, parseAudience } from './audience';
export type { Audience } from './audience';
export { FormDefinition, formFromSnapshot } from './definition';
export type { FormSnapshot, Section } from './definition';
export { currentPeriod, isEditable, prefillAnswers } from './schedule';
export { SUBMITTED_KEY, SubmissionDoc, answersDigest } from './submission';
export type { FillStatus, Receipt } from './submission';
export {
  FixedColumn,
  cellsForAnswer,
  columnsForQuestion,
  otherColumnId,
  syncTableColumns,
} from './linked-table';
export {
  MemoryLedger,
  projectRoom,
  projectSubmission,
  READS_MAP,
  submissionRowId,
  tableReads,
} from './projection';
export type { ProjectionInput, ProjectionLedger, ProjectionOutcome } from './projection';
export { escapeFormula } from './formula';
export { formResultsSheet, tableSheet, toCsv, toXlsx } from './export';
export type { ExportCell, ExportOptions, ExportSheet, ResultSelection } from './export';
export {
  MAX_ROSTER_ROWS,
  RosterErrorCode,
  applyRosterImport,
  parseRosterCsv,
  parseRosterXlsx,
  planRosterImport,
} from './roster';
export type {
  RosterApplied,
  RosterError,
  RosterPerson,
  RosterPlan,
  RosterRecord,
  RosterTable,
} from './roster';
export { TemplateKey, instantiateTemplate, templateKeys } from './templates';
export type { TemplateLocale } from './templates';
