/**
 * `@muster/forms/fill` — the part of the public API a fill page needs in the browser: definitions,
 * visibility, validation, periods and submissions, without export/import (exceljs, papaparse), so
 * bundlers never pull those into a page that only fills in. Everything here is also exported by
 * `index.ts`.
 */
export { QuestionType, parseQuestion } from './questions';
export type {
  AnswerScalar,
  Choice,
  Condition,
  LocationAnswer,
  MultipleChoiceAnswer,
  Question,
  QuestionDraft,
} from './questions';
export { isAnswered, visibleQuestions } from './visibility';
export type { Answers } from './visibility';
export { FORM_FIELD, fieldMessage, submissionMessage } from './messages';
export type { LocalizedText } from './messages';
export { buildValidator } from './validator';
export type { FieldError, FormValidator, ValidationResult } from './validator';
export type { Audience } from './audience';
export { FormDefinition } from './definition';
export type { FormSnapshot, Section } from './definition';
export { currentPeriod, isEditable, prefillAnswers } from './schedule';
export { SUBMITTED_KEY, SubmissionDoc, answersDigest } from './submission';
export type { FillStatus, Receipt } from './submission';
