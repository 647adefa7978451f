import Database from 'better-sqlite3';
import { join } from 'node:path';

/** A choice offered by department and person questions: an id and the name shown. */
export interface ChoiceOption {
  id: string;
  label: string;
}

/**
 * Names for the form's department and person questions, copied from the workspace index when the
 * form is published: respondents with a public link cannot read the index room.
 */
export interface PublishedOptions {
  departments: ChoiceOption[];
  people: ChoiceOption[];
}

/**
 * A published form as the web app knows it: the link's access rule lives here (in SQL, written
 * only by the workspace's owners and editors) because the respondent-token endpoint must decide
 * without opening the form's room. The form room stays the source of the definition itself.
 */
export interface Publication {
  ws: string;
  form: string;
  title: string;
  /** "Anyone with the link" may fill it in without an account. */
  anyone: boolean;
  options: PublishedOptions;
  publishedAt: number;
  updatedAt: number;
}

interface Row {
  ws: string;
  form: string;
  title: string;
  anyone: number;
  options: string;
  published_at: number;
  updated_at: number;
}

/** Where publications are kept: a `web_form_links` table in the shared `muster.db`. */
export interface Publications {
  publish(
    input: {
      ws: string;
      form: string;
      title: string;
      anyone: boolean;
      options?: PublishedOptions;
    },
    now?: number,
  ): Publication;
  get(ws: string, form: string): Publication | null;
  list(ws: string): Publication[];
}

function readOptions(json: string): PublishedOptions {
  try {
    const o = JSON.parse(json) as Partial<PublishedOptions>;
    return { departments: o.departments ?? [], people: o.people ?? [] };
  } catch {
    return { departments: [], people: [] };
  }
}

const open = new Map<string, Publications>();

function toPublication(r: Row): Publication {
  return {
    ws: r.ws,
    form: r.form,
    title: r.title,
    anyone: r.anyone === 1,
    options: readOptions(r.options),
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
  };
}

/** The publications of `dataDir`'s database (one connection per process and file). */
export function publicationsIn(dataDir: string): Publications {
  const file = dataDir === ':memory:' ? ':memory:' : join(dataDir, 'muster.db');
  const existing = open.get(file);
  if (existing) return existing;
  const made = openPublications(file);
  open.set(file, made);
  return made;
}

/** Open (and create when missing) the publications table in SQLite file `file`. */
export function openPublications(file: string): Publications {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // Its own table, created on first use, so the accounts schema's migrations stay untouched.
  db.exec(`CREATE TABLE IF NOT EXISTS web_form_links (
    ws TEXT NOT NULL,
    form TEXT NOT NULL,
    title TEXT NOT NULL,
    anyone INTEGER NOT NULL,
    options TEXT NOT NULL DEFAULT '{}',
    published_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (ws, form)
  )`);
  const upsert = db.prepare(
    `INSERT INTO web_form_links (ws, form, title, anyone, options, published_at, updated_at)
     VALUES (@ws, @form, @title, @anyone, @options, @now, @now)
     ON CONFLICT (ws, form) DO UPDATE
       SET title = @title, anyone = @anyone, options = @options, updated_at = @now`,
  );
  const one = db.prepare('SELECT * FROM web_form_links WHERE ws = ? AND form = ?');
  const all = db.prepare('SELECT * FROM web_form_links WHERE ws = ? ORDER BY published_at');
  return {
    publish(input, now = Date.now()) {
      const options = JSON.stringify(input.options ?? { departments: [], people: [] });
      upsert.run({ ...input, anyone: input.anyone ? 1 : 0, options, now });
      return toPublication(one.get(input.ws, input.form) as Row);
    },
    get(ws, form) {
      const r = one.get(ws, form) as Row | undefined;
      return r ? toPublication(r) : null;
    },
    list(ws) {
      return (all.all(ws) as Row[]).map(toPublication);
    },
  };
}
