import { FormDefinition, parseQuestion, type FormSnapshot, type Question } from '@muster/forms';
import { openRoom, type OpenRoom, type RoomStatus } from '$lib/sync/open-room';

/**
 * The builder's view of one form room: the definition to edit and a reactive snapshot that
 * follows every local and remote change (two coordinators may edit at once; edits to different
 * questions merge).
 */
export class FormEditor {
  snapshot = $state<FormSnapshot | null>(null);
  status = $state<RoomStatus | null>(null);
  /** The last edit the definition refused (e.g. an empty title), as its message. */
  problem = $state<string | null>(null);
  definition: FormDefinition | null = null;
  #room: OpenRoom | null = null;
  #closed = false;

  /** Open the room; `onSynced` runs each time it is in sync with the relay. */
  async open(ws: string, id: string, onSynced?: (editor: FormEditor) => void): Promise<void> {
    const room = await openRoom(ws, `ws/${ws}/form/${id}`);
    if (this.#closed) return room.destroy();
    this.#room = room;
    const definition = new FormDefinition(room.doc);
    this.definition = definition;
    const read = () => (this.snapshot = definition.snapshot());
    room.doc.on('update', read);
    read();
    const onStatus = (s: RoomStatus) => {
      this.status = s;
      if (s.state === 'synced') onSynced?.(this);
    };
    onStatus(room.status());
    room.onStatus(onStatus);
  }

  /** True when the room holds no form yet (a new id). */
  get isEmpty(): boolean {
    return (
      this.snapshot !== null && this.snapshot.title === '' && this.snapshot.questions.length === 0
    );
  }

  /** Run an edit; a refused edit leaves the form unchanged and shows why. */
  edit(change: (definition: FormDefinition) => void): boolean {
    if (!this.definition) return false;
    try {
      change(this.definition);
      this.problem = null;
      return true;
    } catch (e) {
      this.problem = e instanceof Error ? e.message : String(e);
      return false;
    }
  }

  /** Replace a question whole (so optional fields can be removed), keeping its id and place. */
  replaceQuestion(question: Question): boolean {
    return this.edit((d) => {
      d.questionsMap.set(question.id, parseQuestion(question));
    });
  }

  close(): void {
    this.#closed = true;
    this.#room?.destroy();
  }
}
