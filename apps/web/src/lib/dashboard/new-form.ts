import { newId, type WorkspaceIndex } from '@muster/core';
import {
  formFromSnapshot,
  instantiateTemplate,
  type FormDefinition,
  type Question,
  type TemplateLocale,
} from '@muster/forms';
import type * as Y from 'yjs';
import { writeFlagRules, writePurpose, type FlagRule, type FormPurpose } from './config';
import { registerForm } from './registry';

type Draft = ReturnType<typeof instantiateTemplate>;

/**
 * Write a new form from a shipped template into `formDoc` (the room `ws/{ws}/form/{id}`), with its
 * linked table's id fixed up front (so the projector and the dashboard agree on one table), and
 * list it in the workspace catalogue (and the work-log/notice registry).
 */
export function writeNewForm(input: {
  formDoc: Y.Doc;
  index: WorkspaceIndex;
  template: Parameters<typeof instantiateTemplate>[0];
  locale: TemplateLocale;
  timeZone: string;
  audience: string[];
  purpose: FormPurpose;
  flags?: (questions: Question[]) => FlagRule[];
  edit?: (draft: Draft) => Draft;
  id?: string;
  now?: number;
}): { id: string; tableId: string; form: FormDefinition; title: string } {
  let draft = instantiateTemplate(input.template, input.locale, { timeZone: input.timeZone });
  if (input.edit) draft = input.edit(draft);
  const id = input.id ?? newId();
  const tableId = newId();
  const form = formFromSnapshot(input.formDoc, {
    ...draft,
    audience: { anyone: false, departments: input.audience, people: [] },
    tableId,
  });
  writePurpose(input.formDoc, input.purpose);
  if (input.flags) writeFlagRules(input.formDoc, input.flags(form.questions()));
  input.index.doc.transact(() => {
    input.index.addToCatalogue({ kind: 'form', title: draft.title, id });
    if (input.purpose.kind !== 'collection')
      registerForm(input.index.doc, {
        form: id,
        kind: input.purpose.kind,
        title: draft.title,
        department:
          input.purpose.kind === 'workLog' ? input.purpose.team : (input.audience[0] ?? null),
        at: input.now ?? Date.now(),
      });
  });
  return { id, tableId, form, title: draft.title };
}
