/**
 * The demo workspace behind `pnpm start -- --demo`: a hospital of 810 staff in a 3-level org
 * tree, 7 days of daily health check-ins with gaps and a few fevers, the IT unit's work log and a
 * notice with acknowledgements. The account and workspace are made with the web app's own server
 * code (SQL), the rooms are written through the running relay with the stock y-websocket client,
 * and every table row is produced by @muster/forms' projection, as the projector would.
 *
 * Run with tsx (Node only); reads MUSTER_DATA_DIR, MUSTER_SYNC_PORT or MUSTER_SYNC_URL,
 * MUSTER_SECRET and ORIGIN like the app does.
 */
import { WorkspaceIndex } from '@muster/core';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { signUp } from '../../server/auth/accounts';
import { openSqliteStore } from '../../server/db/sqlite-store';
import { loadSecret } from '../../server/secret';
import { mintSyncToken } from '../../server/sync-token';
import { createWorkspace } from '../../server/workspaces/workspaces';
import { buildHospital, seededRandom } from './hospital';
import {
  recentDays,
  seedAcknowledgements,
  seedCheckIns,
  seedForm,
  seedWorkLogs,
} from './demo-data';
import { openRelayDoc } from './relay-doc';

export const DEMO_EMAIL = 'demo@example.org';
export const DEMO_PASSWORD = 'muster-demo-2020';
const TIME_ZONE = 'Asia/Shanghai';

export interface DemoOptions {
  dataDir: string;
  relayUrl: string;
  secret: string | undefined;
  now?: number;
  staff?: number;
  days?: number;
  log?: (line: string) => void;
}

export interface DemoResult {
  email: string;
  password: string;
  workspace: string;
  /** False when an earlier run already made the demo (nothing was written). */
  created: boolean;
  forms: { checkIn: string; workLog: string; notice: string };
}

/** Create the demo workspace (once per data dir) and return how to sign in. */
export async function seedDemo(options: DemoOptions): Promise<DemoResult> {
  const now = options.now ?? Date.now();
  const log = options.log ?? (() => {});
  const random = seededRandom(2020);
  const store = openSqliteStore(join(options.dataDir, 'muster.db'));
  try {
    const existing = await store.userByEmail(DEMO_EMAIL);
    if (existing) {
      const [first] = await store.workspacesOf(existing.id);
      if (!first)
        throw new Error(
          `The demo account ${DEMO_EMAIL} exists but has no workspace; use a fresh data dir.`,
        );
      return {
        email: DEMO_EMAIL,
        password: DEMO_PASSWORD,
        workspace: first.workspace.id,
        created: false,
        forms: { checkIn: '', workLog: '', notice: '' },
      };
    }
    const account = await signUp(store, {
      email: DEMO_EMAIL,
      name: '演示管理员 Demo',
      password: DEMO_PASSWORD,
    });
    if (!account.ok)
      throw new Error(`Could not create the demo account: ${JSON.stringify(account.errors)}`);
    const made = await createWorkspace(store, account.user.id, {
      name: '市第一医院（演示）',
      timeZone: TIME_ZONE,
    });
    if (!made.ok)
      throw new Error(`Could not create the demo workspace: ${JSON.stringify(made.errors)}`);
    const ws = made.workspace.id;
    const secret = await loadSecret(options.dataDir, options.secret);
    const token = async () =>
      (await mintSyncToken(secret, { sub: account.user.id, ws, role: 'owner' })).token;
    const send = async (room: string, doc: Y.Doc) => {
      const relay = await openRelayDoc({
        url: options.relayUrl,
        room: `ws/${ws}/${room}`,
        token,
        doc,
        timeoutMs: 60_000,
      });
      await relay.stored(120_000);
      relay.destroy();
    };

    const index = new WorkspaceIndex(new Y.Doc());
    index.setMeta({ name: made.workspace.name, timeZone: TIME_ZONE });
    const hospital = buildHospital(index, options.staff ?? 810, random);
    log(`org tree: ${hospital.units.length} units, ${hospital.staff.length} staff`);

    const checkIn = seedForm({
      formDoc: new Y.Doc(),
      tableDoc: new Y.Doc(),
      index,
      template: 'healthCheckIn',
      timeZone: TIME_ZONE,
      audience: [hospital.root],
      purpose: { kind: 'collection' },
      flags: (qs) => [
        {
          question: (qs.find((q) => q.type === 'temperature') as { id: string }).id,
          op: 'gte',
          value: 37.3,
        },
        {
          question: (qs.find((q) => q.type === 'yesNo') as { id: string }).id,
          op: 'eq',
          value: true,
        },
      ],
    });
    const days = recentDays(checkIn.form.snapshot().schedule, TIME_ZONE, now, options.days ?? 7);
    const checkIns = seedCheckIns({ seeded: checkIn, index, hospital, days, now, random });
    log(
      `check-ins: ${checkIns.rows} over ${days.length} days, ${checkIns.flagged} at 37.3 °C or more`,
    );

    const team = hospital.staff.filter((s) => s.unit === hospital.itUnit);
    const workLog = seedForm({
      formDoc: new Y.Doc(),
      tableDoc: new Y.Doc(),
      index,
      template: 'workLog',
      timeZone: TIME_ZONE,
      audience: [hospital.itUnit],
      purpose: { kind: 'workLog', team: hospital.itUnit },
      // Edited as a lead would in the builder: the IT unit counts tickets, not customers.
      edit: (snap) => ({
        ...snap,
        title: '信息科工作日志',
        questions: snap.questions.map((q, i) =>
          i === 0 && q.type === 'number' ? { ...q, title: '今日处理工单数', unit: '单' } : q,
        ),
      }),
    });
    const workDays = recentDays(workLog.form.snapshot().schedule, TIME_ZONE, now, 5);
    const logs = seedWorkLogs({
      seeded: workLog,
      index,
      team,
      days: workDays,
      now,
      random,
      lead: { id: account.user.id, name: account.user.name },
    });
    log(`work log: ${logs} entries by ${team.length} people`);

    const notice = seedForm({
      formDoc: new Y.Doc(),
      tableDoc: new Y.Doc(),
      index,
      template: 'noticeAcknowledgement',
      timeZone: TIME_ZONE,
      audience: [hospital.root],
      purpose: { kind: 'notice', doc: null, body: '' },
      edit: (snap) => ({
        ...snap,
        title: '关于加强发热门诊预检分诊的通知',
        description:
          '各科室：\n\n即日起，所有就诊人员须在门诊入口测量体温并扫码登记。体温 ≥ 37.3 °C 者由专人引导至发热门诊。\n\n请各科室负责人组织本科室人员学习，并于本周五前完成确认。\n\n医务处',
      }),
    });
    const acks = seedAcknowledgements({ seeded: notice, index, hospital, now, random });
    log(`notice: ${acks} acknowledgements`);

    await send('index', index.doc);
    for (const f of [checkIn, workLog, notice]) {
      await send(`form/${f.id}`, f.form.doc);
      await send(`table/${f.tableId}`, f.table.doc);
    }
    return {
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      workspace: ws,
      created: true,
      forms: { checkIn: checkIn.id, workLog: workLog.id, notice: notice.id },
    };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const dataDir = resolve(env.MUSTER_DATA_DIR || 'data');
  const relayUrl = env.MUSTER_SYNC_URL || `ws://127.0.0.1:${env.MUSTER_SYNC_PORT || '1234'}`;
  const origin = env.ORIGIN || `http://localhost:${env.PORT || '3000'}`;
  const started = Date.now();
  const result = await seedDemo({
    dataDir,
    relayUrl,
    secret: env.MUSTER_SECRET,
    log: (l) => console.log(`demo: ${l}`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${result.created ? `Demo workspace created in ${seconds} s.` : 'The demo workspace already exists.'}\n` +
      `Sign in at ${origin}/signin\n  email:    ${result.email}\n  password: ${result.password}\n` +
      `Workspace: ${origin}/w/${result.workspace}` +
      (result.created
        ? `\nDashboard: ${origin}/w/${result.workspace}/forms/${result.forms.checkIn}/dashboard`
        : ''),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`The demo could not be created: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
