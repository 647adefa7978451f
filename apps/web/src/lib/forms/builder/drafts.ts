import { QuestionType, type QuestionDraft } from '@muster/forms';

/** Every question type, in the order the builder offers them. */
export const QUESTION_TYPES = Object.values(QuestionType);

/** A new question of `type` with what it needs to be valid (choices, a pattern). */
export function draftFor(type: QuestionType, title: string, newId: () => string): QuestionDraft {
  switch (type) {
    case 'singleChoice':
    case 'multipleChoice':
      return {
        type,
        title,
        choices: [
          { id: newId(), label: 'A' },
          { id: newId(), label: 'B' },
        ],
      };
    case 'idCode':
      return { type, title, pattern: '[A-Za-z0-9]{4,20}' };
    default:
      return { type, title } as QuestionDraft;
  }
}
